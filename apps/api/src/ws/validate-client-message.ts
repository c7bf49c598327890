// Every client message on /ws checked against its schema (CLIENT_MESSAGE_SCHEMAS of the protocol): the
// frame's shape (nesting, size of strings and objects) is bounded before anything walks it
// (bounded-shape.ts), then the compiled check decides; a bad message is answered with an `error` that names
// the offending field and what it should be, and goes no further.
import { checkShape, CLIENT_MESSAGE_SCHEMAS, compiledCheck, editedProgramProblem, inputLineProblem, isOptionalProperty, MAX_DEPTH, MAX_PROGRAM_BYTES, MAX_REF_LENGTH, parseBoundedJson } from '@forkscope/protocol';
import type { ClientMessage, ClientMessageType, ServerErrorCode, ShapeLimits, TSchema } from '@forkscope/protocol';

export type ValidationResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ServerErrorCode; field: string; message: string; ref?: string };

/** A frame is at most 64 KiB (events-ws.ts); no valid message has more than a few dozen fields. */
export const CLIENT_MESSAGE_LIMITS: ShapeLimits = { maxDepth: MAX_DEPTH, maxNodes: 512, maxStringLength: 8192 };

const TYPES = Object.keys(CLIENT_MESSAGE_SCHEMAS) as ClientMessageType[];
const SECRET_FIELDS: ReadonlySet<string> = new Set(['ownerKey', 'teacherKey', 'studentKey']);

/** The one long string a message may carry: the program of a `run.edited` (its own rule is editedProgramProblem). */
const EDITED_MESSAGE_LIMITS: ShapeLimits = { ...CLIENT_MESSAGE_LIMITS, maxStringLength: 3 * MAX_PROGRAM_BYTES };

/** Parses one text frame. */
export function parseClientMessage(data: string): ValidationResult {
  const parsed = parseBoundedJson(data, EDITED_MESSAGE_LIMITS);
  if (!parsed.ok) {
    const code = parsed.reason === 'json' ? 'ERR_BAD_JSON' : 'ERR_BAD_MESSAGE';
    return { ok: false, code, field: '(message)', message: `Message refused: ${parsed.message}` };
  }
  // Every string but that program keeps the usual bound.
  const value = parsed.value as Record<string, unknown> | null;
  const isEdited = value !== null && typeof value === 'object' && !Array.isArray(value) && value.type === 'run.edited';
  const rest = isEdited ? { ...value, program: '' } : value;
  const shape = checkShape(rest, CLIENT_MESSAGE_LIMITS);
  if (!shape.ok) return { ok: false, code: 'ERR_BAD_MESSAGE', field: '(message)', message: `Message refused: ${shape.message}` };
  return validateClientMessage(parsed.value);
}

/** Checks a parsed message; `value` must already be bounded (checkShape) by the caller. */
export function validateClientMessage(value: unknown): ValidationResult {
  // An edited program too long or not text is answered with its own code, before the schema (which bounds it too).
  if (isPlainObject(value) && value.type === 'run.edited' && typeof value.program === 'string') {
    const problem = editedProgramProblem(value.program);
    if (problem) {
      const ref = typeof value.ref === 'string' && value.ref.length <= MAX_REF_LENGTH ? { ref: value.ref } : {};
      return { ok: false, code: problem.code, field: 'program', message: `Expected \`program\` to be ${problem.message}`, ...ref };
    }
  }
  if (isPlainObject(value) && typeof value.type === 'string' && Object.hasOwn(CLIENT_MESSAGE_SCHEMAS, value.type)) {
    const schema = CLIENT_MESSAGE_SCHEMAS[value.type as ClientMessageType];
    // JSON Schema cannot count UTF-8 bytes: the input line's own rule comes after the schema.
    // The program's bytes and characters are checked by the run manager, which answers with their own codes.
    if (compiledCheck(schema)(value) && (value.type !== 'input' || inputLineProblem(value.text as string) === null)) {
      return { ok: true, message: value as ClientMessage };
    }
  }
  return explain(value);
}

/** The answer to a message the schema refused: the first problem, in the order a reader would look. */
function explain(value: unknown): ValidationResult & { ok: false } {
  if (!isPlainObject(value)) {
    return { ok: false, code: 'ERR_BAD_MESSAGE', field: '(message)', message: `Expected a message to be a JSON object, got ${describe(value)}` };
  }
  const ref = typeof value.ref === 'string' && value.ref.length <= MAX_REF_LENGTH ? value.ref : undefined;
  const fail = (code: ServerErrorCode, field: string, message: string): ValidationResult & { ok: false } => ({
    ok: false, code, field, message, ...(ref === undefined ? {} : { ref }),
  });

  if (typeof value.type !== 'string') return fail('ERR_BAD_MESSAGE', 'type', `Expected \`type\` to be a string, got ${describe(value.type)}`);
  if (!Object.hasOwn(CLIENT_MESSAGE_SCHEMAS, value.type)) {
    return fail('ERR_UNKNOWN_TYPE', 'type', `Unknown message type ${clip(value.type)}; expected one of ${TYPES.join(', ')}`);
  }
  const fields = CLIENT_MESSAGE_SCHEMAS[value.type as ClientMessageType].properties as Record<string, TSchema>;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) return fail('ERR_BAD_MESSAGE', key.slice(0, 40), `Unexpected field ${clip(key)} in a \`${value.type}\` message`);
  }
  if (value.ref !== undefined && ref === undefined) {
    return fail('ERR_BAD_MESSAGE', 'ref', `Expected \`ref\` to be a string of at most ${MAX_REF_LENGTH} characters, got ${describe(value.ref)}`);
  }
  for (const [key, schema] of Object.entries(fields)) {
    if (key === 'type' || key === 'ref') continue;
    const field = value[key];
    if (field === undefined) {
      if (!isOptionalProperty(schema)) return fail('ERR_BAD_MESSAGE', key, `Missing \`${key}\` in a \`${value.type}\` message`);
      continue;
    }
    const problem = key === 'text' ? (typeof field === 'string' ? inputLineProblem(field) : 'a string') : compiledCheck(schema)(field) ? null : String(schema.description);
    // Keys are secrets: a wrong one is described by its type only, never echoed.
    const got = SECRET_FIELDS.has(key) ? `a ${kindOf(field)}` : describe(field);
    if (problem !== null) return fail('ERR_BAD_MESSAGE', key, `Expected \`${key}\` to be ${problem}, got ${got}`);
  }
  return fail('ERR_BAD_MESSAGE', '(message)', `Expected a \`${value.type}\` message to match its schema`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A short description of a bad value for an error message: its JSON (clipped) and its type. Never throws. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let json: string;
  try {
    json = JSON.stringify(value) ?? kindOf(value);
  } catch {
    json = Array.isArray(value) ? '[…]' : '{…}';
  }
  return `\`${json.length > 40 ? json.slice(0, 40) + '…' : json}\` (${kindOf(value)})`;
}
