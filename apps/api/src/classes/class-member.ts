// A connection as a class sees it: it can be sent a message (serialised for it alone) or a frame
// serialised once for many (`sendFrame`: the same bytes, written to every socket without a copy).
import type { WebSocket } from 'ws';
import type { ServerMessage } from '@forkscope/protocol';

export interface ClassMember {
  /** The connection's id (the run manager's client id). */
  readonly id: number;
  /** The peer's address, for the join limits. */
  readonly address: string;
  readonly open: boolean;
  /** Bytes queued on the socket, not yet sent. */
  readonly bufferedAmount: number;
  send(message: ServerMessage): void;
  /** A text frame already serialised: shared by every member it goes to. */
  sendFrame(frame: Buffer): void;
  /** Several such frames in one write to the socket (one system call, not one per frame). */
  sendFrames(frames: readonly Buffer[]): void;
  close(code: number, reason: string): void;
}

/** One serialisation of `message`, to send to any number of members. */
export function frameOf(message: ServerMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export function createClassMember(socket: WebSocket, id: number, address: string, send: (message: ServerMessage) => void): ClassMember {
  return {
    id,
    address,
    get open() {
      return socket.readyState === socket.OPEN;
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    send,
    sendFrame(frame) {
      // ws frames a Buffer without copying it (no mask from a server): one buffer for the whole class.
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: false });
    },
    sendFrames(frames) {
      if (socket.readyState !== socket.OPEN) return;
      // ws writes each frame through its socket's cork/uncork; corked around all of them, they leave in
      // one writev. `_socket` is the connection ws wraps (the same one it writes to).
      const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      raw?.cork();
      try {
        for (const frame of frames) socket.send(frame, { binary: false });
      } finally {
        raw?.uncork();
      }
    },
    close(code, reason) {
      socket.close(code, reason);
    },
  };
}
