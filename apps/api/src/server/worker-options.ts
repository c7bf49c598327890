// `forkscope worker --redis URL [--capacity N] [--data DIR] [--name NAME] [--health-port N] [--health-host H]
// [--keep-runs N] [--keep-bytes SIZE]`. Environment: FORKSCOPE_REDIS, FORKSCOPE_CAPACITY, FORKSCOPE_DATA,
// FORKSCOPE_WORKER_NAME, FORKSCOPE_HEALTH_PORT, FORKSCOPE_KEEP_RUNS, FORKSCOPE_KEEP_BYTES. Every mistake is one line.
import { parseArgs } from 'node:util';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../recordings/retention.js';
import { parseSize } from './parse-size.js';
import { parseRedisUrl } from './redis-url.js';
import { hideUrlPasswords, shownValue } from './shown-value.js';

export interface WorkerCliOptions {
  redis: string;
  capacity: number;
  dataDir?: string;
  name?: string;
  /** Serve GET /healthz here; undefined = no health server. */
  healthPort?: number;
  healthHost: string;
  retention?: Partial<RetentionPolicy>;
}

export class WorkerUsageError extends Error {
  readonly code = 'ERR_WORKER_USAGE';
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'WorkerUsageError', enumerable: false });
  }
}

export const DEFAULT_CAPACITY = 4;
/** Runs one worker may take at once at most: each is a process tree with its own cgroup. */
export const MAX_CAPACITY = 64;

export const WORKER_USAGE = `Usage: forkscope worker --redis URL [--capacity N] [--data DIR] [--name NAME] [--health-port N] [--health-host H] [--keep-runs N] [--keep-bytes SIZE]
  --redis URL         the cluster's Redis, as given to \`forkscope serve --redis\` (FORKSCOPE_REDIS; required)
  --capacity N        runs at once, 1–${MAX_CAPACITY} (default ${DEFAULT_CAPACITY}; FORKSCOPE_CAPACITY)
  --data DIR          the data directory shared with the API nodes, where recordings go (default FORKSCOPE_DATA,
                      else $XDG_DATA_HOME/forkscope)
  --name NAME         this worker's name in Redis, unique in the cluster (default <host>-<pid>-<random>;
                      FORKSCOPE_WORKER_NAME)
  --health-port N     serve GET /healthz on this port (FORKSCOPE_HEALTH_PORT; default: none)
  --health-host H     address of the health server (default 127.0.0.1; 0.0.0.0 for a container's probes)
  --keep-runs N       keep at most N recordings (default ${DEFAULT_RETENTION.maxRuns}; FORKSCOPE_KEEP_RUNS)
  --keep-bytes SIZE   keep at most SIZE of recordings (default 1GiB; FORKSCOPE_KEEP_BYTES)
A worker refuses to start where runs cannot be contained in cgroups.`;

const HELP_HINT = 'see `forkscope worker --help`';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseWorkerOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): WorkerCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        redis: { type: 'string' },
        capacity: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        'health-port': { type: 'string' },
        'health-host': { type: 'string' },
        'keep-runs': { type: 'string' },
        'keep-bytes': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new WorkerUsageError(`${hideUrlPasswords((error as Error).message.split('\n')[0]!.replace(/\.$/, ''))}; ${HELP_HINT}`);
  }
  const redisText = values.redis ?? (env.FORKSCOPE_REDIS || undefined);
  if (redisText === undefined) throw new WorkerUsageError(`Expected \`--redis\` (or FORKSCOPE_REDIS): a worker takes its runs from a cluster's Redis; ${HELP_HINT}`);
  const redis = parseRedisUrl(redisText, (message) => new WorkerUsageError(message));

  const capacityText = values.capacity ?? (env.FORKSCOPE_CAPACITY || String(DEFAULT_CAPACITY));
  const capacity = Number(capacityText);
  if (!/^\d+$/.test(capacityText) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new WorkerUsageError(`Expected \`--capacity\` to be a whole number from 1 to ${MAX_CAPACITY}, got \`${shownValue(capacityText)}\``);
  }
  const name = values.name ?? (env.FORKSCOPE_WORKER_NAME || undefined);
  if (name !== undefined && !NAME.test(name)) {
    throw new WorkerUsageError(`Expected \`--name\` to be 1–64 letters, digits, \`.\`, \`_\` or \`-\`, got \`${shownValue(name)}\``);
  }
  const portText = values['health-port'] ?? (env.FORKSCOPE_HEALTH_PORT || undefined);
  let healthPort: number | undefined;
  if (portText !== undefined) {
    healthPort = Number(portText);
    if (!/^\d+$/.test(portText) || healthPort > 65535) throw new WorkerUsageError(`Expected \`--health-port\` to be an integer from 0 to 65535, got \`${shownValue(portText)}\``);
  }
  const healthHost = values['health-host'] ?? '127.0.0.1';
  if (healthHost.length === 0) throw new WorkerUsageError('Expected `--health-host` to be an address, got ``');
  if (values.data !== undefined && values.data.length === 0) throw new WorkerUsageError('Expected `--data` to be a folder, got ``');

  const retention: Partial<RetentionPolicy> = {};
  const keepRuns = values['keep-runs'] ?? (env.FORKSCOPE_KEEP_RUNS || undefined);
  if (keepRuns !== undefined) {
    if (!/^\d+$/.test(keepRuns) || !Number.isSafeInteger(Number(keepRuns))) throw new WorkerUsageError(`Expected \`--keep-runs\` to be a whole number of recordings, got \`${shownValue(keepRuns)}\``);
    retention.maxRuns = Number(keepRuns);
  }
  const keepBytes = values['keep-bytes'] ?? (env.FORKSCOPE_KEEP_BYTES || undefined);
  if (keepBytes !== undefined) {
    const bytes = parseSize(keepBytes);
    if (bytes === null) throw new WorkerUsageError(`Expected \`--keep-bytes\` to be a size such as 500MB or 1GiB, got \`${shownValue(keepBytes)}\``);
    retention.maxBytes = bytes;
  }
  return {
    redis,
    capacity,
    healthHost,
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(name === undefined ? {} : { name }),
    ...(healthPort === undefined ? {} : { healthPort }),
    ...(Object.keys(retention).length === 0 ? {} : { retention }),
  };
}

