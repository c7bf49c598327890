// Messages on the WebSocket `/ws` (DESIGN §5; docs/protocol.md says it in prose). The server validates
// every client message against these shapes and answers a bad one with an `error` naming the field; it
// never crashes and never spawns.
//
// Owners and viewers. Whoever started a run owns it: only the owner may `cancel` it or send it `input`;
// everyone else only watches (`ERR_NOT_OWNER`). "Whoever" is the page, not the socket: the page makes an
// owner key (at least 128 random bits, kept per tab, e.g. in sessionStorage) and sends it with `run` and
// with every `watch`, so after a reload or a dropped connection its `watch` makes it the owner again. The
// server keeps only a hash of the key, in memory: the key never reaches another client or a recording.
// A run started without a key is owned by that one connection until it closes.

import type { Driver, ForkscopeEvent } from './types.js';

/** An owner key: 22–128 characters of base64url (or hex); 128 bits of randomness or more. */
export const OWNER_KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/** The longest `input` line, in UTF-8 bytes (a process reads it as one line). */
export const MAX_INPUT_LINE_BYTES = 4000;

export type ClientMessage =
  | { type: 'run'; scenario: string; params?: Record<string, unknown>; driver?: Driver; /** makes this page the run's owner */ ownerKey?: string; /** echoed back */ ref?: string }
  | { type: 'cancel'; runId: string; ref?: string }
  | {
      type: 'watch';
      runId: string;
      /** first seq wanted; 0 = from the start */
      fromSeq?: number;
      /** the key the run was started with: this connection becomes its owner again */
      ownerKey?: string;
      ref?: string;
    }
  | { type: 'unwatch'; runId: string; ref?: string }
  | { type: 'input'; runId: string; pid: number; text: string; ref?: string };

/** What a connection may do with a run: `owner` may cancel it and send it input while it runs. */
export type RunRole = 'owner' | 'viewer';

export type ServerMessage =
  | { type: 'hello'; protocol: number; serverPid: number }
  /** The run started (or queued); the connection that sent `run` owns it. */
  | { type: 'run.accepted'; runId: string; ref?: string; queued: boolean }
  /** Answer to a `watch`: events follow from `fromSeq`; `role` says what this connection may do. */
  | { type: 'watching'; runId: string; role: RunRole; ref?: string }
  | { type: 'events'; runId: string; events: ForkscopeEvent[] }
  | { type: 'error'; code: ServerErrorCode; message: string; ref?: string; field?: string };

/** Stable codes of `error` messages: every code the server sends. */
export type ServerErrorCode =
  | 'ERR_BAD_JSON'
  | 'ERR_BAD_MESSAGE'
  | 'ERR_UNKNOWN_TYPE'
  | 'ERR_UNKNOWN_SCENARIO'
  | 'ERR_BAD_PARAM'
  | 'ERR_UNKNOWN_PARAM'
  | 'ERR_DRIVER_UNAVAILABLE'
  | 'ERR_UNKNOWN_RUN'
  | 'ERR_UNKNOWN_PROCESS'
  | 'ERR_NOT_OWNER'
  | 'ERR_INPUT_LIMIT'
  | 'ERR_CANCELLED'
  | 'ERR_BUSY'
  | 'ERR_RATE_LIMITED'
  | 'ERR_INTERNAL';
