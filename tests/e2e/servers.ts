// Servers an e2e test starts and stops itself, the way a teacher does: `pnpm start` (apps/api/src/main.ts)
// or `forkscope serve` (the CLI), on a port and data directory of the test's choosing. Every one is
// stopped by the test (and by `stopAll` in afterEach); nothing is left running.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type StartCommand = 'pnpm start' | 'forkscope serve';

export interface TestServer {
  readonly command: StartCommand;
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<string>;
}

const running = new Set<TestServer>();

/** A port nobody listens on now (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(command: StartCommand, port: number, dataDir: string): Promise<TestServer> {
  const entry = command === 'pnpm start' ? ['apps/api/src/main.ts'] : ['apps/api/src/cli/main.ts', 'serve'];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...entry, '--port', String(port), '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const server: TestServer = { command, child, url: `http://127.0.0.1:${port}`, exited };
  running.add(server);
  void exited.then(() => running.delete(server));
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http/.test(output)) resolve();
    });
    void exited.then((how) => reject(new Error(`${command} on port ${port} exited (${how}) before listening:\n${output}`)));
  });
  return server;
}

/** Stops a server with `signal` (SIGINT as Ctrl-C does; SIGKILL as a crash) and waits for it to exit. */
export async function stopServer(server: TestServer, signal: NodeJS.Signals): Promise<string> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops every server still running (test cleanup). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((server) => stopServer(server, 'SIGTERM')));
}
