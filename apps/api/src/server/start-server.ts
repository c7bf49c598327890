// Builds the app, listens, and returns the URL to print (with the token when one is required) and the data
// directory. Signals: the first SIGINT/SIGTERM closes gracefully (sockets 1001, runs cancelled and awaited),
// a second one exits at once. Listen failures become one-line ServeErrors.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.js';
import { resolveDataDir } from '../recordings/data-dir.js';
import { isWildcardHost } from '../security/access-policy.js';
import type { ServeOptions } from './serve-options.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The address to open, e.g. `http://127.0.0.1:3000/` or `http://10.0.0.5:3000/?token=…`. */
  url: string;
  /** The data directory (recordings in its `runs/`). */
  dataDir: string;
  /** Resolves once the app has closed (every run cancelled and awaited). */
  closed: Promise<void>;
}

/** A server that could not start, for a reason the user can fix; its message is one line. */
export class ServeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'ServeError', enumerable: false });
  }
}

export async function startServer(options: ServeOptions, extra: Partial<AppOptions> = {}): Promise<RunningServer> {
  const dataDir = resolveDataDir(extra.dataDir ?? options.dataDir);
  const app = await buildApp({
    host: options.host,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.retention === undefined ? {} : { retention: options.retention }),
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
    allowEdits: options.allowEdits,
    ...(options.redis === undefined ? {} : { cluster: { redisUrl: options.redis } }),
    ...(options.classIdleMs === undefined && options.classSize === undefined
      ? {}
      : {
          classes: {
            limits: {
              ...(options.classIdleMs === undefined ? {} : { idleMs: options.classIdleMs }),
              ...(options.classSize === undefined ? {} : { maxStudents: options.classSize }),
            },
          },
        }),
    // Refused handshakes, socket errors and failed recordings are worth a line; requests are not.
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    ...extra,
    dataDir,
  });
  const closed = new Promise<void>((resolve) => app.addHook('onClose', async () => resolve()));
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw listenError(error, options);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = isWildcardHost(options.host) ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const token = app.forkscope.policy.token;
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;
  return { app, url, dataDir, closed };
}

function listenError(error: unknown, options: ServeOptions): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ServeError('ERR_PORT_IN_USE', `Port ${options.port} is in use; pick another with --port N (0 picks a free one)`);
  if (code === 'EACCES') return new ServeError('ERR_PORT_DENIED', `Port ${options.port} needs privileges this user lacks; pick one above 1023 with --port N (0 picks a free one)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ServeError('ERR_BAD_HOST', `Address ${JSON.stringify(options.host)} is not one of this machine's; pick one with --host (127.0.0.1, or 0.0.0.0 for every interface)`);
  }
  return error as Error;
}

export function closeOnSignals(app: FastifyInstance, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      write(`forkscope: ${signal} again, exiting now`);
      process.exit(1);
    }
    closing = true;
    write(`forkscope: ${signal}, closing (cancelling runs)…`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        write(`forkscope: close failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
