// Messages on the WebSocket `/ws` (DESIGN §5; docs/protocol.md says it in prose) and the error bodies of
// the REST routes, as schemas. The server checks every client message against these and answers a bad one
// with an `error` naming the field; it never crashes and never spawns. A route can declare the same schemas.
//
// Owners and viewers. Whoever started a run owns it: only the owner may `cancel` it or send it `input`;
// everyone else only watches (`ERR_NOT_OWNER`). "Whoever" is the page, not the socket: the page makes an
// owner key (at least 128 random bits, kept per tab, e.g. in sessionStorage) and sends it with `run` and
// with every `watch`, so after a reload or a dropped connection its `watch` makes it the owner again. The
// server keeps only a hash of the key, in memory: the key never reaches another client or a recording.
// A run started without a key is owned by that one connection until it closes.

import type { Static, TLiteral, TUnion } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { MAX_INPUT_BYTES, MAX_PARAMS, MAX_REF_LENGTH, MAX_SCENARIO_ID_LENGTH, RUN_ID_PATTERN } from './limits.js';
import { ForkscopeEventSchema } from './types.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const literals = <const V extends string>(values: readonly V[], description?: string): TUnion<TLiteral<V>[]> =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description === undefined ? {} : { description },
  );

// ── fields (each `description` is what an error message says was expected) ─────────────────────────

export const RunIdSchema = Type.String({ pattern: RUN_ID_PATTERN, description: 'a run id (letters, digits, `-`, `_`)' });
export const RefSchema = Type.String({ maxLength: MAX_REF_LENGTH, description: `a string of at most ${MAX_REF_LENGTH} characters` });
export const ScenarioIdSchema = Type.String({ minLength: 1, maxLength: MAX_SCENARIO_ID_LENGTH, description: `a scenario id of 1–${MAX_SCENARIO_ID_LENGTH} characters` });
export const RunParamsSchema = Type.Record(Type.String(), Type.Unknown(), { maxProperties: MAX_PARAMS, description: `an object with at most ${MAX_PARAMS} fields` });
const ClientDriverSchema = literals(['node', 'python'], '`node` or `python`');
const FromSeqSchema = Type.Integer({ minimum: 0, maximum: MAX_SAFE, description: 'a non-negative integer' });
/** An owner key: 22–128 characters of base64url (or hex); 128 bits of randomness or more. */
export const OWNER_KEY_PATTERN = '^[A-Za-z0-9_-]{22,128}$';
export const OwnerKeySchema = Type.String({ pattern: OWNER_KEY_PATTERN, description: 'an owner key (22–128 characters of letters, digits, `-`, `_`)' });
const TargetPidSchema = Type.Integer({ minimum: 1, maximum: MAX_SAFE, description: 'a positive integer' });
/**
 * A line for a process's stdin. JSON Schema counts characters, not bytes: this bounds the characters
 * (a byte is at least one) and refuses line breaks; `inputLineProblem` (limits.ts) adds the byte count.
 */
export const InputTextSchema = Type.String({ maxLength: MAX_INPUT_BYTES, pattern: '^[^\\r\\n]*$', description: `one line of at most ${MAX_INPUT_BYTES} bytes (UTF-8)` });

// ── client → server ─────────────────────────────────────────────────────────────────────────────────

const message = { additionalProperties: false } as const;
/** Echoed back on the answer (`run.accepted` or `error`). */
const ref = Type.Optional(RefSchema);

export const CLIENT_MESSAGE_SCHEMAS = {
  /** `ownerKey` makes this page the run's owner. */
  run: Type.Object({ type: Type.Literal('run'), scenario: ScenarioIdSchema, params: Type.Optional(RunParamsSchema), driver: Type.Optional(ClientDriverSchema), ownerKey: Type.Optional(OwnerKeySchema), ref }, message),
  cancel: Type.Object({ type: Type.Literal('cancel'), runId: RunIdSchema, ref }, message),
  /** `fromSeq`: the first seq wanted; 0 = from the start. `ownerKey`: the key the run was started with makes this connection its owner again. */
  watch: Type.Object({ type: Type.Literal('watch'), runId: RunIdSchema, fromSeq: Type.Optional(FromSeqSchema), ownerKey: Type.Optional(OwnerKeySchema), ref }, message),
  unwatch: Type.Object({ type: Type.Literal('unwatch'), runId: RunIdSchema, ref }, message),
  input: Type.Object({ type: Type.Literal('input'), runId: RunIdSchema, pid: TargetPidSchema, text: InputTextSchema, ref }, message),
};

export type ClientMessageType = keyof typeof CLIENT_MESSAGE_SCHEMAS;
export type ClientMessageOf<T extends ClientMessageType> = Static<(typeof CLIENT_MESSAGE_SCHEMAS)[T]>;
export type ClientMessage = ClientMessageOf<ClientMessageType>;

export const ClientMessageSchema = Type.Union(Object.values(CLIENT_MESSAGE_SCHEMAS));

// ── server → client ─────────────────────────────────────────────────────────────────────────────────

/** Stable codes of `error` messages on /ws: every code the server sends there. */
export const ServerErrorCodeSchema = literals([
  'ERR_BAD_JSON',
  'ERR_BAD_MESSAGE',
  'ERR_UNKNOWN_TYPE',
  'ERR_UNKNOWN_SCENARIO',
  'ERR_BAD_PARAM',
  'ERR_UNKNOWN_PARAM',
  'ERR_DRIVER_UNAVAILABLE',
  'ERR_UNKNOWN_RUN',
  'ERR_UNKNOWN_PROCESS',
  'ERR_NOT_OWNER',
  'ERR_INPUT_LIMIT',
  'ERR_BUSY',
  'ERR_RATE_LIMITED',
  'ERR_CANCELLED',
  'ERR_INTERNAL',
]);
export type ServerErrorCode = Static<typeof ServerErrorCodeSchema>;

/** What a connection may do with a run: `owner` may cancel it and send it input while it runs. */
export const RunRoleSchema = literals(['owner', 'viewer']);
export type RunRole = Static<typeof RunRoleSchema>;

export const SERVER_MESSAGE_SCHEMAS = {
  hello: Type.Object({ type: Type.Literal('hello'), protocol: Type.Integer(), serverPid: Type.Integer() }),
  'run.accepted': Type.Object({ type: Type.Literal('run.accepted'), runId: Type.String(), ref: Type.Optional(Type.String()), queued: Type.Boolean() }),
  /** Answer to a `watch`: events follow from `fromSeq`; `role` says what this connection may do. */
  watching: Type.Object({ type: Type.Literal('watching'), runId: Type.String(), role: RunRoleSchema, ref: Type.Optional(Type.String()) }),
  events: Type.Object({ type: Type.Literal('events'), runId: Type.String(), events: Type.Array(ForkscopeEventSchema) }),
  error: Type.Object({ type: Type.Literal('error'), code: ServerErrorCodeSchema, message: Type.String(), ref: Type.Optional(Type.String()), field: Type.Optional(Type.String()) }),
};

export type ServerMessageType = keyof typeof SERVER_MESSAGE_SCHEMAS;
export type ServerMessageOf<T extends ServerMessageType> = Static<(typeof SERVER_MESSAGE_SCHEMAS)[T]>;
export type ServerMessage = ServerMessageOf<ServerMessageType>;

export const ServerMessageSchema = Type.Union(Object.values(SERVER_MESSAGE_SCHEMAS));

// ── REST errors ─────────────────────────────────────────────────────────────────────────────────────

/** Stable codes of the REST routes' error bodies (and of the access guard's refusals). */
export const HttpErrorCodeSchema = literals([
  'ERR_BAD_REQUEST',
  'ERR_BAD_RUN_ID',
  'ERR_NOT_FOUND',
  'ERR_UNKNOWN_RUN',
  'ERR_UNKNOWN_SCENARIO',
  'ERR_FORBIDDEN_HOST',
  'ERR_FORBIDDEN_ORIGIN',
  'ERR_TOKEN',
  'ERR_TOO_MANY_CONNECTIONS',
  'ERR_INTERNAL',
]);
export type HttpErrorCode = Static<typeof HttpErrorCodeSchema>;

const HTTP_ERROR_CODES: ReadonlySet<unknown> = new Set(HttpErrorCodeSchema.anyOf.map((literal) => literal.const));

/** Whether `code` is one of the REST error codes. */
export function isHttpErrorCode(code: unknown): code is HttpErrorCode {
  return HTTP_ERROR_CODES.has(code);
}

/** The body of every REST error forkscope sends: `{ code, message }`. */
export const HttpErrorSchema = Type.Object({ code: HttpErrorCodeSchema, message: Type.String() });
export type HttpError = Static<typeof HttpErrorSchema>;
