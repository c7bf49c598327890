// The schema of every client message on /ws (events/messages.ts), checked by hand: a bad message is
// answered with an `error` that names the offending field, and goes no further.
import type { ClientMessage, ServerErrorCode } from '@forkscope/protocol';

export type ValidationResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ServerErrorCode; field: string; message: string; ref?: string };

const MAX_REF = 64;
const MAX_SCENARIO = 64;
const MAX_PARAMS = 32;
const MAX_INPUT_TEXT = 4000;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

type Field = 'string' | 'runId' | 'seq' | 'pid' | 'text' | 'params' | 'driver' | 'ref' | 'scenario';
const SHAPES: Record<ClientMessage['type'], Record<string, { kind: Field; required: boolean }>> = {
  run: { scenario: { kind: 'scenario', required: true }, params: { kind: 'params', required: false }, driver: { kind: 'driver', required: false } },
  cancel: { runId: { kind: 'runId', required: true } },
  watch: { runId: { kind: 'runId', required: true }, fromSeq: { kind: 'seq', required: false } },
  unwatch: { runId: { kind: 'runId', required: true } },
  input: { runId: { kind: 'runId', required: true }, pid: { kind: 'pid', required: true }, text: { kind: 'text', required: true } },
};

/** Parses one text frame. */
export function parseClientMessage(data: string): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    return { ok: false, code: 'ERR_BAD_JSON', field: '(message)', message: `Message is not JSON: ${(error as Error).message}` };
  }
  return validateClientMessage(value);
}

export function validateClientMessage(value: unknown): ValidationResult {
  if (!isPlainObject(value)) {
    return { ok: false, code: 'ERR_BAD_MESSAGE', field: '(message)', message: `Expected a message to be a JSON object, got ${describe(value)}` };
  }
  const ref = typeof value.ref === 'string' && value.ref.length <= MAX_REF ? value.ref : undefined;
  const fail = (code: ServerErrorCode, field: string, message: string): ValidationResult => ({
    ok: false, code, field, message, ...(ref === undefined ? {} : { ref }),
  });

  if (typeof value.type !== 'string') return fail('ERR_BAD_MESSAGE', 'type', `Expected \`type\` to be a string, got ${describe(value.type)}`);
  if (!Object.hasOwn(SHAPES, value.type)) {
    return fail('ERR_UNKNOWN_TYPE', 'type', `Unknown message type ${JSON.stringify(value.type.slice(0, 40))}; expected one of ${Object.keys(SHAPES).join(', ')}`);
  }
  const shape = SHAPES[value.type as ClientMessage['type']];
  for (const key of Object.keys(value)) {
    if (key !== 'type' && key !== 'ref' && !Object.hasOwn(shape, key)) {
      return fail('ERR_BAD_MESSAGE', key, `Unexpected field \`${key.slice(0, 40)}\` in a \`${value.type}\` message`);
    }
  }
  if (value.ref !== undefined && ref === undefined) {
    return fail('ERR_BAD_MESSAGE', 'ref', `Expected \`ref\` to be a string of at most ${MAX_REF} characters, got ${describe(value.ref)}`);
  }
  for (const [key, spec] of Object.entries(shape)) {
    const field = value[key];
    if (field === undefined) {
      if (spec.required) return fail('ERR_BAD_MESSAGE', key, `Missing \`${key}\` in a \`${value.type}\` message`);
      continue;
    }
    const problem = checkField(spec.kind, field);
    if (problem !== null) return fail('ERR_BAD_MESSAGE', key, `Expected \`${key}\` to be ${problem}, got ${describe(field)}`);
  }
  return { ok: true, message: value as unknown as ClientMessage };
}

/** null when `value` is a valid `kind`, else what was expected. */
function checkField(kind: Field, value: unknown): string | null {
  switch (kind) {
    case 'string':
    case 'ref':
      return typeof value === 'string' ? null : 'a string';
    case 'scenario':
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_SCENARIO ? null : `a scenario id of 1–${MAX_SCENARIO} characters`;
    case 'runId':
      return typeof value === 'string' && RUN_ID.test(value) ? null : 'a run id (letters, digits, `-`, `_`)';
    case 'seq':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'a non-negative integer';
    case 'pid':
      return Number.isSafeInteger(value) && (value as number) > 0 ? null : 'a positive integer';
    case 'text':
      if (typeof value !== 'string') return 'a string';
      if (value.length > MAX_INPUT_TEXT) return `a line of at most ${MAX_INPUT_TEXT} characters`;
      return /[\r\n]/.test(value) ? 'one line (no line breaks)' : null;
    case 'params':
      return isPlainObject(value) && Object.keys(value).length <= MAX_PARAMS ? null : `an object with at most ${MAX_PARAMS} fields`;
    case 'driver':
      return value === 'node' || value === 'python' ? null : '`node` or `python`';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a bad value for an error message: its JSON (clipped) and its type. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return `\`${json.length > 40 ? json.slice(0, 40) + '…' : json}\` (${kind})`;
}
