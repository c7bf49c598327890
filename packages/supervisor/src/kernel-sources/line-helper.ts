// A long-lived helper process that reports in lines on stdout (the exits watcher, the signal tracer): started
// once per supervisor, read line by line, stopped by closing its stdin and SIGTERM (SIGKILL if it lingers).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Most bytes of a line; longer ones are not the helper's and are dropped. */
const MAX_LINE = 4096;
const STOP_GRACE_MS = 1000;

export class LineHelper {
  readonly child: ChildProcess;
  /** The last lines it wrote on stderr (why it failed). */
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(argv: readonly string[], onLine: (line: string) => void) {
    this.child = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' } });
    this.exited = new Promise((resolve) => {
      this.child.once('error', () => resolve({ code: null, signal: null }));
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.child.stdin?.on('error', () => {});
    readLines(this.child.stdout as Readable, onLine);
    readLines(this.child.stderr as Readable, (line) => {
      this.stderr.push(line);
      if (this.stderr.length > 20) this.stderr.shift();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends it and waits until it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    this.child.stdin?.end();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function readLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    if (pending.length > MAX_LINE) pending = '';
    for (const line of lines) if (line.length > 0 && line.length <= MAX_LINE) onLine(line);
  });
  stream.on('error', () => {});
}
