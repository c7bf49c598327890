// `[--port N] [--host H] [--data DIR] [--token T] [--allowed-host H]… [--allowed-origin O]…`, shared by
// `pnpm start` (main.ts) and `forkscope serve`. Environment: PORT, HOST, FORKSCOPE_DATA, FORKSCOPE_TOKEN.
import { parseArgs } from 'node:util';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir?: string;
  token?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
}

export class ServeUsageError extends Error {
  readonly code = 'ERR_SERVE_USAGE';
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'ServeUsageError', enumerable: false });
  }
}

export const SERVE_USAGE = `Usage: forkscope serve [--port N] [--host H] [--data DIR] [--token T] [--allowed-host H] [--allowed-origin O]
  --port N            port to listen on (default 3000; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1; any other address requires a token)
  --data DIR          where recordings go (default FORKSCOPE_DATA, else ./data)
  --token T           require this token on /ws and /api (generated when --host is not loopback)
  --allowed-host H    also answer to this Host name (repeatable)
  --allowed-origin O  also accept WebSocket pages from this origin (repeatable)`;

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
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new ServeUsageError(`${(error as Error).message}\n${SERVE_USAGE}`);
  }
  const { values } = parsed;
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isSafeInteger(port) || port > 65535) {
    throw new ServeUsageError(`Expected \`--port\` to be an integer from 0 to 65535, got \`${portText}\``);
  }
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  if (host.length === 0) throw new ServeUsageError('Expected `--host` to be an address, got ``');
  const token = values.token ?? (env.FORKSCOPE_TOKEN || undefined);
  return {
    port,
    host,
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(token === undefined ? {} : { token }),
    allowedHosts: values['allowed-host'] ?? [],
    allowedOrigins: values['allowed-origin'] ?? [],
  };
}
