// Builds the app, listens, and returns the URL to print (with the token when one is required).
// Signals: the first SIGINT/SIGTERM closes gracefully (sockets 1001, runs cancelled and awaited), a
// second one exits at once.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.js';
import { isWildcardHost } from '../security/access-policy.js';
import type { ServeOptions } from './serve-options.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The address to open, e.g. `http://127.0.0.1:3000/` or `http://10.0.0.5:3000/?token=…`. */
  url: string;
  /** Resolves once the app has closed (every run cancelled and awaited). */
  closed: Promise<void>;
}

export async function startServer(options: ServeOptions, extra: Partial<AppOptions> = {}): Promise<RunningServer> {
  const app = await buildApp({
    host: options.host,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
    // Refused handshakes, socket errors and failed recordings are worth a line; requests are not.
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    ...extra,
  });
  const closed = new Promise<void>((resolve) => app.addHook('onClose', async () => resolve()));
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = isWildcardHost(options.host) ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const token = app.forkscope.policy.token;
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;
  return { app, url, closed };
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
