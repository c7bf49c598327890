// One WebSocket to the server's /ws, reconnecting with backoff when it drops. Messages sent while the
// socket is down wait in a short queue; the owner re-watches its runs from `onOpen(reconnected=true)`.

import type { ClientMessage, ServerMessage } from '@forkscope/protocol';

export type ConnectionStatus = 'connecting' | 'open' | 'lost';

export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
  onOpen(reconnected: boolean): void;
}

const BACKOFF_MS = [200, 400, 800, 1600, 3000];
const MAX_QUEUED = 100;

export class ServerConnection {
  private socket: WebSocket | null = null;
  private queue: ClientMessage[] = [];
  private attempts = 0;
  private everOpened = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.connect();
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    } else if (this.queue.length < MAX_QUEUED) {
      this.queue.push(message);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, 'page closed');
  }

  /** Drop the socket as a network failure would (used to exercise reconnects). */
  dropForTest(): void {
    this.socket?.close(4000, 'dropped for test');
  }

  private connect(): void {
    this.handlers.onStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempts = 0;
      this.handlers.onStatus('open');
      this.handlers.onOpen(reconnected);
      const queued = this.queue;
      this.queue = [];
      for (const m of queued) this.send(m);
    });
    socket.addEventListener('message', (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return; // not ours to interpret; the protocol only sends JSON
      }
      this.handlers.onMessage(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.handlers.onStatus('lost');
      const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)]!;
      this.attempts += 1;
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}

/** ws(s)://host/ws for the page's origin. */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
