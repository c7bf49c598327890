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
import { MAX_INPUT_BYTES, MAX_PARAMS, MAX_PROGRAM_BYTES, MAX_REF_LENGTH, MAX_SCENARIO_ID_LENGTH, RUN_ID_PATTERN } from './limits.js';
import { ForkscopeEventSchema } from './types.js';
import {
  CLASS_CODE_PATTERN,
  ChoiceIdSchema,
  ClassEndReasonSchema,
  ClassQuestionSchema,
  ClassRoleSchema,
  ClassViewSchema,
  DISPLAY_NAME_PATTERN,
  MAX_DISPLAY_NAME,
  QuestionIdSchema,
  RosterEntrySchema,
} from './classroom.js';

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

/** An edited program's text; JSON Schema counts characters, `editedProgramProblem` (limits.ts) counts the bytes. */
export const ProgramTextSchema = Type.String({ maxLength: MAX_PROGRAM_BYTES, description: `a program of at most ${MAX_PROGRAM_BYTES} bytes (UTF-8)` });
export const ClassCodeSchema = Type.String({ pattern: CLASS_CODE_PATTERN, description: 'a class code (6 of `23456789ABCDEFGHJKMNPQRSTUVWXYZ`)' });
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: MAX_DISPLAY_NAME, pattern: DISPLAY_NAME_PATTERN, description: `a name of 1–${MAX_DISPLAY_NAME} characters without control characters` });
export const StudentIdSchema = Type.String({ pattern: '^[a-z0-9]{1,16}$', description: 'a student id' });
export const QUESTION_ACTIONS = ['open', 'lock', 'show-tallies', 'hide-tallies', 'close'] as const;
const QuestionActionSchema = literals(QUESTION_ACTIONS, '`open`, `lock`, `show-tallies`, `hide-tallies` or `close`');

// ── client → server ─────────────────────────────────────────────────────────────────────────────────

const message = { additionalProperties: false } as const;
/** Echoed back on the answer (`run.accepted` or `error`). */
const ref = Type.Optional(RefSchema);

export const CLIENT_MESSAGE_SCHEMAS = {
  /** `ownerKey` makes this page the run's owner. */
  run: Type.Object({ type: Type.Literal('run'), scenario: ScenarioIdSchema, params: Type.Optional(RunParamsSchema), driver: Type.Optional(ClientDriverSchema), ownerKey: Type.Optional(OwnerKeySchema), ref }, message),
  /**
   * The learner's own version of a scenario's program (`program`: its text, in the language of `driver`), run in
   * a sandbox. The byte limit and the characters allowed are `editedProgramProblem` (limits.ts), checked after
   * the schema. Answered like `run`; one edited run per owner at a time.
   */
  'run.edited': Type.Object({ type: Type.Literal('run.edited'), scenario: ScenarioIdSchema, driver: ClientDriverSchema, program: ProgramTextSchema, params: Type.Optional(RunParamsSchema), ownerKey: Type.Optional(OwnerKeySchema), ref }, message),
  cancel: Type.Object({ type: Type.Literal('cancel'), runId: RunIdSchema, ref }, message),
  /** `fromSeq`: the first seq wanted; 0 = from the start. `ownerKey`: the key the run was started with makes this connection its owner again. */
  watch: Type.Object({ type: Type.Literal('watch'), runId: RunIdSchema, fromSeq: Type.Optional(FromSeqSchema), ownerKey: Type.Optional(OwnerKeySchema), ref }, message),
  unwatch: Type.Object({ type: Type.Literal('unwatch'), runId: RunIdSchema, ref }, message),
  input: Type.Object({ type: Type.Literal('input'), runId: RunIdSchema, pid: TargetPidSchema, text: InputTextSchema, ref }, message),

  // The classroom (classroom.ts). A connection is in one class at most, as its teacher or as a student.
  /** Opens a class: the answer is `class.created` (its code and teacher key), then `class.joined`. */
  'class.create': Type.Object({ type: Type.Literal('class.create'), ref }, message),
  /** The teacher's page again (a reload, a new connection): its key makes this connection the teacher. */
  'class.teach': Type.Object({ type: Type.Literal('class.teach'), code: ClassCodeSchema, teacherKey: OwnerKeySchema, ref }, message),
  /**
   * Joins as a student. `studentKey` (kept per tab, like the owner key) makes a reload the same student;
   * `runId`/`fromSeq`: the run and the first event this page still needs, after a reconnect.
   */
  'class.join': Type.Object({ type: Type.Literal('class.join'), code: ClassCodeSchema, studentKey: Type.Optional(OwnerKeySchema), name: Type.Optional(DisplayNameSchema), runId: Type.Optional(RunIdSchema), fromSeq: Type.Optional(FromSeqSchema), ref }, message),
  'class.leave': Type.Object({ type: Type.Literal('class.leave'), ref }, message),
  /** The teacher's view changed (teacher only). */
  'class.view': Type.Object({ type: Type.Literal('class.view'), view: ClassViewSchema, ref }, message),
  /** The teacher opens a question of a lesson, locks the answers, shows or hides the tallies, or closes it (teacher only). */
  'class.question': Type.Object({ type: Type.Literal('class.question'), action: QuestionActionSchema, scenario: Type.Optional(ScenarioIdSchema), questionId: Type.Optional(QuestionIdSchema), ref }, message),
  /** A student's answer to the open question; another answer replaces it until the teacher locks. */
  'class.answer': Type.Object({ type: Type.Literal('class.answer'), questionId: QuestionIdSchema, choice: ChoiceIdSchema, ref }, message),
  /** The teacher removes a student (teacher only): that page is told, and its key may not join again. */
  'class.remove': Type.Object({ type: Type.Literal('class.remove'), studentId: StudentIdSchema, ref }, message),
  /** The teacher ends the class (teacher only): every student is told, the code stops working. */
  'class.end': Type.Object({ type: Type.Literal('class.end'), ref }, message),
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
  /** A run stopped without ending (its worker died, or the cluster lost it): its events end where it was cut off. */
  'ERR_RUN_INTERRUPTED',
  'ERR_INTERNAL',
  // Edited runs (`run.edited`):
  /** The server does not run edited programs: it listens beyond loopback without --allow-edits. */
  'ERR_EDITS_DISABLED',
  /** Edited programs need the sandbox (bubblewrap, cgroups, the run reaper), and this server has none that works. */
  'ERR_SANDBOX_UNAVAILABLE',
  'ERR_PROGRAM_TOO_LARGE',
  /** Not text a program can be: a control character, a lone surrogate. */
  'ERR_BAD_PROGRAM',
  /** This owner already has an edited run going. */
  'ERR_EDIT_RUNNING',
  // the classroom
  'ERR_UNKNOWN_CLASS',
  'ERR_NOT_TEACHER',
  'ERR_NOT_IN_CLASS',
  'ERR_CLASS_FULL',
  'ERR_CLASS_LIMIT',
  'ERR_REMOVED',
  'ERR_UNKNOWN_QUESTION',
  'ERR_QUESTION_CLOSED',
]);
export type ServerErrorCode = Static<typeof ServerErrorCodeSchema>;

/** What a connection may do with a run: `owner` may cancel it and send it input while it runs. */
export const RunRoleSchema = literals(['owner', 'viewer']);
export type RunRole = Static<typeof RunRoleSchema>;

export const SERVER_MESSAGE_SCHEMAS = {
  /**
   * `epoch` (servers sharing runs through Redis only): the same on every node that can resume this page's
   * runs; a page that reconnects to another node with the same epoch resumes from its last seq. Without it,
   * `serverPid` says the same for one process.
   */
  hello: Type.Object({ type: Type.Literal('hello'), protocol: Type.Integer(), serverPid: Type.Integer(), epoch: Type.Optional(Type.Integer()) }),
  'run.accepted': Type.Object({ type: Type.Literal('run.accepted'), runId: Type.String(), ref: Type.Optional(Type.String()), queued: Type.Boolean() }),
  /** Answer to a `watch`: events follow from `fromSeq`; `role` says what this connection may do. */
  watching: Type.Object({ type: Type.Literal('watching'), runId: Type.String(), role: RunRoleSchema, ref: Type.Optional(Type.String()) }),
  events: Type.Object({ type: Type.Literal('events'), runId: Type.String(), events: Type.Array(ForkscopeEventSchema) }),
  /** `runId`: the run an error is about when it is not the answer to a request (ERR_RUN_INTERRUPTED). */
  error: Type.Object({ type: Type.Literal('error'), code: ServerErrorCodeSchema, message: Type.String(), ref: Type.Optional(Type.String()), field: Type.Optional(Type.String()), runId: Type.Optional(Type.String()) }),

  // the classroom
  /** To the page that opened a class: its code and the teacher key (keep it: it makes a reload the teacher again). Sent once. */
  'class.created': Type.Object({ type: Type.Literal('class.created'), code: Type.String(), teacherKey: Type.String(), ref: Type.Optional(Type.String()) }),
  /**
   * The class as it stands, to a page that became its teacher or joined it. A student's snapshot is
   * followed by the shown run's events so far, then live ones.
   */
  'class.joined': Type.Object({
    type: Type.Literal('class.joined'),
    code: Type.String(),
    role: ClassRoleSchema,
    /** A student's own id and name (null when anonymous). */
    studentId: Type.Optional(Type.String()),
    name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    students: Type.Integer({ minimum: 0 }),
    view: Type.Union([ClassViewSchema, Type.Null()]),
    question: Type.Union([ClassQuestionSchema, Type.Null()]),
    /** A student's answer to the open question, if any. */
    answer: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    ref: Type.Optional(Type.String()),
  }),
  /** The teacher's view (to students). */
  'class.view': Type.Object({ type: Type.Literal('class.view'), view: ClassViewSchema }),
  /** How many students are present. */
  'class.presence': Type.Object({ type: Type.Literal('class.presence'), students: Type.Integer({ minimum: 0 }) }),
  /** The question's state changed (null: closed). */
  'class.question': Type.Object({ type: Type.Literal('class.question'), question: Type.Union([ClassQuestionSchema, Type.Null()]) }),
  /** The students present (to the teacher). */
  'class.roster': Type.Object({ type: Type.Literal('class.roster'), students: Type.Array(RosterEntrySchema) }),
  /** To a student: the answer the server holds for them now. */
  'class.answered': Type.Object({ type: Type.Literal('class.answered'), questionId: Type.String(), choice: Type.String(), ref: Type.Optional(Type.String()) }),
  /** The class is over for this page: the teacher ended it, it was idle too long, this student was removed, or the server stops. */
  'class.ended': Type.Object({ type: Type.Literal('class.ended'), code: Type.String(), reason: ClassEndReasonSchema }),
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
