// The classroom's parts of the protocol: join codes, display names, the teacher's view state and a
// question's public state, as schemas. The messages that carry them are in messages.ts.
//
// A class has one teacher (the page that opened it, holding its teacher key) and students (pages that
// joined with its code). Students follow the teacher's view; nothing a student sends reaches another
// client except as an aggregate (the number present, how many answered, the tallies).

import type { Static, TSchema } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { RUN_ID_PATTERN } from './limits.js';

/**
 * The join code's alphabet: digits and capitals without the ones read alike (0/O, 1/I/L). 31 symbols, 6 of
 * them: 31^6 = 887 503 681 codes.
 */
export const CLASS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CLASS_CODE_LENGTH = 6;
export const CLASS_CODE_PATTERN = `^[${CLASS_CODE_ALPHABET}]{${CLASS_CODE_LENGTH}}$`;

/** A code as typed (`ab2 c3d`, `AB2-C3D`) in its one spelling (`AB2C3D`); null when it cannot be one. */
export function normalizeClassCode(typed: string): string | null {
  const code = typed.replace(/[\s-]+/g, '').toUpperCase();
  return new RegExp(CLASS_CODE_PATTERN).test(code) ? code : null;
}

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME = 40;

/**
 * A display name: 1–40 characters, none of them a control character or a direction override (which
 * could make a name show as another). Pages show it as text, never as markup.
 */
export const DISPLAY_NAME_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+$';

/** A name as typed, trimmed and with runs of spaces made one; null when nothing is left or it is not allowed. */
export function cleanDisplayName(typed: string): string | null {
  const name = typed.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > MAX_DISPLAY_NAME) return null;
  return new RegExp(DISPLAY_NAME_PATTERN).test(name) ? name : null;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** An hour of µs a hundred times over: longer than any run's wall limit. */
const MAX_US = 1e12;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const closed = { additionalProperties: false } as const;

/** The teacher's visible window of time, µs since the run started; null = the whole run (fit). */
export const ClassWindowSchema = Type.Object(
  {
    from: Type.Number({ minimum: 0, maximum: MAX_US, description: 'µs since the run started' }),
    to: Type.Number({ minimum: 0, maximum: MAX_US, description: 'µs since the run started' }),
  },
  { ...closed, description: 'a window `{from, to}` in µs' },
);

/**
 * What the teacher's page shows, as students follow it. One small object, sent whenever it changes
 * (throttled by the page and again by the server).
 */
export const ClassViewSchema = Type.Object(
  {
    /** The lesson picked. */
    scenario: nullable(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' })),
    /** The run on the teacher's screen (live or replayed); null = none, or a file only the teacher has. */
    runId: nullable(Type.String({ pattern: RUN_ID_PATTERN })),
    /** How many of the run's events the teacher shows (a replay's playhead); null = all of them, live. */
    playhead: nullable(Type.Integer({ minimum: 0, maximum: MAX_SAFE })),
    /** The teacher's clock, µs since the run started. */
    clock: Type.Number({ minimum: 0, maximum: MAX_US }),
    playing: Type.Boolean(),
    speed: Type.Number({ minimum: 0.25, maximum: 4 }),
    window: nullable(ClassWindowSchema),
    /** The event the teacher highlighted (a teaching point's moment, a marker clicked). */
    selectedSeq: nullable(Type.Integer({ minimum: 0, maximum: MAX_SAFE })),
  },
  { ...closed, description: 'a view `{scenario, runId, playhead, clock, playing, speed, window, selectedSeq}`' },
);
export type ClassView = Static<typeof ClassViewSchema>;

export const QUESTION_ID_PATTERN = '^[a-z0-9-]{1,48}$';
export const QuestionIdSchema = Type.String({ pattern: QUESTION_ID_PATTERN, description: 'a question id (1–48 of a–z, 0–9, `-`)' });
export const ChoiceIdSchema = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.+-]+$', description: 'a choice id (1–32 of letters, digits, `_.+-`)' });

const TextSchema = Type.Object({ zh: Type.String(), en: Type.String() });

/** How a run answered a question: the right choice (null when the run did something none of the choices says), where it proved it. */
export const ClassQuestionResultSchema = Type.Object({
  status: Type.Union([Type.Literal('decided'), Type.Literal('undecided')]),
  choice: nullable(Type.String()),
  /** The event that proves it. */
  seq: Type.Optional(Type.Integer()),
  t: Type.Optional(Type.Number()),
  /** What this run did, in words (for answers that vary from run to run, and for none of the choices). */
  detail: Type.Optional(TextSchema),
  /** The answer can differ from run to run: the reveal says what this run did. */
  varies: Type.Boolean(),
});
export type ClassQuestionResult = Static<typeof ClassQuestionResultSchema>;

export const QuestionPhaseSchema = Type.Union([Type.Literal('open'), Type.Literal('locked'), Type.Literal('revealed')]);
export type QuestionPhase = Static<typeof QuestionPhaseSchema>;

/**
 * A question as every member of the class may see it: the texts come from the lesson (the catalogue), so
 * only ids travel. Tallies are there when the teacher shows them or once revealed; the result only once
 * revealed.
 */
export const ClassQuestionSchema = Type.Object({
  id: Type.String(),
  scenario: Type.String(),
  phase: QuestionPhaseSchema,
  answered: Type.Integer({ minimum: 0 }),
  tallies: nullable(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
  /** The run that decides it, once the teacher showed one after asking. */
  runId: nullable(Type.String()),
  result: nullable(ClassQuestionResultSchema),
});
export type ClassQuestion = Static<typeof ClassQuestionSchema>;

/** A student as the teacher's roster shows them: an id to remove them by, a name if they gave one. */
export const RosterEntrySchema = Type.Object({ id: Type.String(), name: nullable(Type.String()), answered: Type.Boolean() });
export type RosterEntry = Static<typeof RosterEntrySchema>;

export const ClassRoleSchema = Type.Union([Type.Literal('teacher'), Type.Literal('student')]);
export type ClassRole = Static<typeof ClassRoleSchema>;

export const ClassEndReasonSchema = Type.Union([Type.Literal('ended'), Type.Literal('idle'), Type.Literal('removed'), Type.Literal('server')]);
export type ClassEndReason = Static<typeof ClassEndReasonSchema>;
