// `[--port N] [--host H] [--data DIR] [--token T] [--allowed-host H]… [--allowed-origin O]… [--keep-runs N]
// [--keep-bytes SIZE] [--allow-edits] [--redis URL] [--class-idle MINUTES] [--class-size N]`, shared by
// `pnpm start` (main.ts) and `forkscope serve`. Environment: PORT, HOST, FORKSCOPE_DATA, FORKSCOPE_TOKEN,
// FORKSCOPE_KEEP_RUNS, FORKSCOPE_KEEP_BYTES, FORKSCOPE_REDIS, FORKSCOPE_CLASS_IDLE, FORKSCOPE_CLASS_SIZE.
// Every mistake is one line.
import { parseArgs } from 'node:util';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../recordings/retention.js';
import { parseSize } from './parse-size.js';
import { parseRedisUrl } from './redis-url.js';
import { hideUrlPasswords, shownValue } from './shown-value.js';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir?: string;
  token?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Run learners' edited programs although the server listens beyond loopback (they need a working sandbox). */
  allowEdits: boolean;
  /** Given only when a flag or the environment changes the default. */
  retention?: Partial<RetentionPolicy>;
  /** A cluster's Redis: this server is then one stateless node of it (docs/scaling.md). */
  redis?: string;
  /** A class without its teacher's page ends after this long, ms; given only when set. */
  classIdleMs?: number;
  /** Students present in one class at most; given only when set. */
  classSize?: number;
}

export class ServeUsageError extends Error {
  readonly code = 'ERR_SERVE_USAGE';
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'ServeUsageError', enumerable: false });
  }
}

export const MIN_TOKEN_LENGTH = 16;

export const SERVE_USAGE = `Usage: forkscope serve [--port N] [--host H] [--data DIR] [--token T] [--allowed-host H] [--allowed-origin O] [--keep-runs N] [--keep-bytes SIZE] [--allow-edits] [--redis URL] [--class-idle MIN] [--class-size N]
  --port N            port to listen on (default 3000; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1; any other address requires a token)
  --data DIR          where recordings go (default FORKSCOPE_DATA, else $XDG_DATA_HOME/forkscope, i.e. ~/.local/share/forkscope)
  --token T           require this token (at least ${MIN_TOKEN_LENGTH} characters) on /ws and /api (generated when --host is not loopback)
  --allowed-host H    also answer to this Host name (repeatable)
  --allowed-origin O  also accept WebSocket pages from this origin (repeatable)
  --keep-runs N       keep at most N recordings, oldest removed first (default ${DEFAULT_RETENTION.maxRuns}; FORKSCOPE_KEEP_RUNS)
  --keep-bytes SIZE   keep at most SIZE of recordings, e.g. 500MB (default 1GiB; FORKSCOPE_KEEP_BYTES)
  --allow-edits       run learners' edited programs (in a bubblewrap sandbox) beyond loopback too; on loopback they are on by default
  --redis URL         be one stateless node of a cluster: runs go through this Redis to \`forkscope worker\`s, and
                      --data is the directory they share (FORKSCOPE_REDIS; without it, runs execute in this process)
  --class-idle MIN    a class whose teacher's page is gone ends after MIN minutes (default 15; FORKSCOPE_CLASS_IDLE)
  --class-size N      students one class admits at once (default 250; FORKSCOPE_CLASS_SIZE)`;

const HELP_HINT = 'see `forkscope serve --help`';

export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        token: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'allowed-origin': { type: 'string', multiple: true },
        'keep-runs': { type: 'string' },
        'keep-bytes': { type: 'string' },
        'allow-edits': { type: 'boolean' },
        redis: { type: 'string' },
        'class-idle': { type: 'string' },
        'class-size': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new ServeUsageError(`${hideUrlPasswords(firstLine((error as Error).message))}; ${HELP_HINT}`);
  }
  const { values } = parsed;
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isSafeInteger(port) || port > 65535) {
    throw new ServeUsageError(`Expected \`--port\` to be an integer from 0 to 65535, got \`${shownValue(portText)}\``);
  }
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  if (host.length === 0) throw new ServeUsageError('Expected `--host` to be an address, got ``');
  const token = values.token ?? (env.FORKSCOPE_TOKEN || undefined);
  // The token is a secret: its length is named, never its value.
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new ServeUsageError(`Expected \`--token\` to be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}; leave it out to have one generated`);
  }
  for (const origin of values['allowed-origin'] ?? []) {
    if (!URL.canParse(origin) || !/^https?:$/.test(new URL(origin).protocol)) {
      throw new ServeUsageError(`Expected \`--allowed-origin\` to be an origin such as http://10.0.0.5:5173, got \`${shownValue(origin)}\``);
    }
  }
  if (values.data !== undefined && values.data.length === 0) throw new ServeUsageError('Expected `--data` to be a folder, got ``');
  const retention: Partial<RetentionPolicy> = {};
  const keepRuns = values['keep-runs'] ?? (env.FORKSCOPE_KEEP_RUNS || undefined);
  if (keepRuns !== undefined) {
    if (!/^\d+$/.test(keepRuns) || !Number.isSafeInteger(Number(keepRuns))) {
      throw new ServeUsageError(`Expected \`--keep-runs\` to be a whole number of recordings, got \`${shownValue(keepRuns)}\``);
    }
    retention.maxRuns = Number(keepRuns);
  }
  const keepBytes = values['keep-bytes'] ?? (env.FORKSCOPE_KEEP_BYTES || undefined);
  if (keepBytes !== undefined) {
    const bytes = parseSize(keepBytes);
    if (bytes === null) throw new ServeUsageError(`Expected \`--keep-bytes\` to be a size such as 500MB or 1GiB, got \`${shownValue(keepBytes)}\``);
    retention.maxBytes = bytes;
  }
  const redisText = values.redis ?? (env.FORKSCOPE_REDIS || undefined);
  const redis = redisText === undefined ? undefined : parseRedisUrl(redisText, (message) => new ServeUsageError(message));
  const classIdle = values['class-idle'] ?? (env.FORKSCOPE_CLASS_IDLE || undefined);
  if (classIdle !== undefined && !(/^\d+(\.\d+)?$/.test(classIdle) && Number(classIdle) > 0 && Number(classIdle) <= 24 * 60)) {
    throw new ServeUsageError(`Expected \`--class-idle\` to be minutes, more than 0 and at most 1440, got \`${shownValue(classIdle)}\``);
  }
  const classSize = values['class-size'] ?? (env.FORKSCOPE_CLASS_SIZE || undefined);
  if (classSize !== undefined && !(/^\d+$/.test(classSize) && Number(classSize) >= 1 && Number(classSize) <= 10_000)) {
    throw new ServeUsageError(`Expected \`--class-size\` to be a whole number of students from 1 to 10000, got \`${shownValue(classSize)}\``);
  }
  return {
    port,
    host,
    ...(redis === undefined ? {} : { redis }),
    ...(classIdle === undefined ? {} : { classIdleMs: Math.round(Number(classIdle) * 60_000) }),
    ...(classSize === undefined ? {} : { classSize: Number(classSize) }),
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(token === undefined ? {} : { token }),
    allowedHosts: values['allowed-host'] ?? [],
    allowedOrigins: values['allowed-origin'] ?? [],
    allowEdits: values['allow-edits'] ?? false,
    ...(Object.keys(retention).length === 0 ? {} : { retention }),
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/\.$/, '');
}

