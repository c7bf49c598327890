// Messages on the WebSocket `/ws` (DESIGN §5). The server validates every client message against these
// shapes and answers a bad one with an `error` naming the field; it never crashes and never spawns.

import type { Driver, ForkscopeEvent } from './types.js';

export type ClientMessage =
  | { type: 'run'; scenario: string; params?: Record<string, unknown>; driver?: Driver; /** echoed back */ ref?: string }
  | { type: 'cancel'; runId: string; ref?: string }
  | { type: 'watch'; runId: string; /** first seq wanted; 0 = from the start */ fromSeq?: number; ref?: string }
  | { type: 'unwatch'; runId: string; ref?: string }
  | { type: 'input'; runId: string; pid: number; text: string; ref?: string };

export type ServerMessage =
  | { type: 'hello'; protocol: number; serverPid: number }
  | { type: 'run.accepted'; runId: string; ref?: string; queued: boolean }
  | { type: 'events'; runId: string; events: ForkscopeEvent[] }
  | { type: 'error'; code: string; message: string; ref?: string; field?: string };

/** Stable codes of `error` messages. */
export type ServerErrorCode =
  | 'ERR_BAD_JSON'
  | 'ERR_BAD_MESSAGE'
  | 'ERR_UNKNOWN_TYPE'
  | 'ERR_UNKNOWN_SCENARIO'
  | 'ERR_BAD_PARAM'
  | 'ERR_DRIVER_UNAVAILABLE'
  | 'ERR_UNKNOWN_RUN'
  | 'ERR_UNKNOWN_PROCESS'
  | 'ERR_BUSY'
  | 'ERR_RATE_LIMITED'
  | 'ERR_INTERNAL';
