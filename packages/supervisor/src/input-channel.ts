// Stdin for a run's processes (team plan, contract 2): a Unix socket in the run directory. A process connects,
// writes "<its pid>\n", then reads the UTF-8 lines addressed to it. Lines sent before it connects are queued.
import { createServer, type Server, type Socket } from 'node:net';

const MAX_QUEUED_LINES = 256;
const MAX_QUEUED_BYTES = 64 * 1024;
const MAX_HELLO_BYTES = 32;

interface Queue {
  lines: string[];
  bytes: number;
}

export class InputChannel {
  private readonly server: Server;
  private readonly sockets = new Map<number, Socket>();
  private readonly queues = new Map<number, Queue>();
  private readonly all = new Set<Socket>();
  /** Lines dropped because a queue was full. */
  droppedLines = 0;

  constructor(readonly path: string) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', () => {});
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    this.all.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      this.all.delete(socket);
      for (const [pid, s] of this.sockets) if (s === socket) this.sockets.delete(pid);
    });
    let hello = '';
    const onData = (chunk: Buffer) => {
      hello += chunk.toString('latin1');
      const nl = hello.indexOf('\n');
      if (nl === -1) {
        if (hello.length > MAX_HELLO_BYTES) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const pid = Number(hello.slice(0, nl).trim());
      if (!Number.isSafeInteger(pid) || pid <= 0) {
        socket.destroy();
        return;
      }
      this.sockets.get(pid)?.destroy();
      this.sockets.set(pid, socket);
      socket.resume(); // anything else the process writes is ignored
      const queue = this.queues.get(pid);
      this.queues.delete(pid);
      if (queue) for (const line of queue.lines) socket.write(line);
    };
    socket.on('data', onData);
  }

  /** Delivers `text + "\n"` to `pid` now, or queues it (bounded) until that pid connects. */
  send(pid: number, text: string): void {
    const line = `${text}\n`;
    const socket = this.sockets.get(pid);
    if (socket && !socket.destroyed) {
      socket.write(line);
      return;
    }
    const queue = this.queues.get(pid) ?? { lines: [], bytes: 0 };
    const bytes = Buffer.byteLength(line);
    if (queue.lines.length >= MAX_QUEUED_LINES || queue.bytes + bytes > MAX_QUEUED_BYTES) {
      this.droppedLines++;
      return;
    }
    queue.lines.push(line);
    queue.bytes += bytes;
    this.queues.set(pid, queue);
  }

  close(): Promise<void> {
    for (const socket of this.all) socket.destroy();
    this.queues.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
