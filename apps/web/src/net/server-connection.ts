// One WebSocket to the server's /ws, reconnecting with backoff when it drops. Nothing is queued while it
// is down: `send` says whether the message went out, and the owner re-sends what it still wants (a
// watch) once the server has said hello again.

import type { ClientMessage, ServerMessage } from '@forkscope/protocol';

export type ConnectionStatus = 'connecting' | 'open' | 'lost';

export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
}

const BACKOFF_MS = [200, 400, 800, 1600, 3000];

export class ServerConnection {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.connect();
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends now, or not at all (false) when the socket is not open. */
  send(message: ClientMessage): boolean {
    if (!this.open) return false;
    this.socket!.send(JSON.stringify(message));
    return true;
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
    if (this.attempts === 0) this.handlers.onStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.handlers.onStatus('open');
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
