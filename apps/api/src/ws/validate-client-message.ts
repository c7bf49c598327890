// The schema of every client message on /ws (events/messages.ts), checked by hand: a bad message is
// answered with an `error` that names the offending field, and goes no further. The frame's shape (nesting,
// size of strings and objects) is bounded before anything walks it (events/bounded-shape.ts).
import { MAX_DEPTH, MAX_INPUT_LINE_BYTES, OWNER_KEY_PATTERN, parseBoundedJson } from '@forkscope/protocol';
import type { ClientMessage, ServerErrorCode, ShapeLimits } from '@forkscope/protocol';

export type ValidationResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ServerErrorCode; field: string; message: string; ref?: string };

/** A frame is at most 64 KiB (events-ws.ts); no valid message has more than a few dozen fields. */
export const CLIENT_MESSAGE_LIMITS: ShapeLimits = { maxDepth: MAX_DEPTH, maxNodes: 512, maxStringLength: 8192 };

const MAX_REF = 64;
const MAX_SCENARIO = 64;
const MAX_PARAMS = 32;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

type Field = 'runId' | 'seq' | 'pid' | 'text' | 'params' | 'driver' | 'scenario' | 'ownerKey';
const SHAPES: Record<ClientMessage['type'], Record<string, { kind: Field; required: boolean }>> = {
  run: {
    scenario: { kind: 'scenario', required: true },
    params: { kind: 'params', required: false },
    driver: { kind: 'driver', required: false },
    ownerKey: { kind: 'ownerKey', required: false },
  },
  cancel: { runId: { kind: 'runId', required: true } },
  watch: { runId: { kind: 'runId', required: true }, fromSeq: { kind: 'seq', required: false }, ownerKey: { kind: 'ownerKey', required: false } },
  unwatch: { runId: { kind: 'runId', required: true } },
  input: { runId: { kind: 'runId', required: true }, pid: { kind: 'pid', required: true }, text: { kind: 'text', required: true } },
};

/** Parses one text frame. */
export function parseClientMessage(data: string): ValidationResult {
  const parsed = parseBoundedJson(data, CLIENT_MESSAGE_LIMITS);
  if (!parsed.ok) {
    const code = parsed.reason === 'json' ? 'ERR_BAD_JSON' : 'ERR_BAD_MESSAGE';
    return { ok: false, code, field: '(message)', message: `Message refused: ${parsed.message}` };
  }
  return validateClientMessage(parsed.value);
}

/** Checks a parsed message; `value` must already be bounded (checkShape) by the caller. */
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
    return fail('ERR_UNKNOWN_TYPE', 'type', `Unknown message type ${clip(value.type)}; expected one of ${Object.keys(SHAPES).join(', ')}`);
  }
  const shape = SHAPES[value.type as ClientMessage['type']];
  for (const key of Object.keys(value)) {
    if (key !== 'type' && key !== 'ref' && !Object.hasOwn(shape, key)) {
      return fail('ERR_BAD_MESSAGE', key.slice(0, 40), `Unexpected field ${clip(key)} in a \`${value.type}\` message`);
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
    // The owner key is a secret: a wrong one is described by its type only, never echoed.
    const got = spec.kind === 'ownerKey' ? `a ${kindOf(field)}` : describe(field);
    if (problem !== null) return fail('ERR_BAD_MESSAGE', key, `Expected \`${key}\` to be ${problem}, got ${got}`);
  }
  return { ok: true, message: value as unknown as ClientMessage };
}

/** null when `value` is a valid `kind`, else what was expected. */
function checkField(kind: Field, value: unknown): string | null {
  switch (kind) {
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
      if (/[\r\n]/.test(value)) return 'one line (no line breaks)';
      // Bytes, as the process reads them (a Chinese character is 3).
      return utf8Length(value) > MAX_INPUT_LINE_BYTES ? `a line of at most ${MAX_INPUT_LINE_BYTES} bytes of UTF-8` : null;
    case 'params':
      return isPlainObject(value) && Object.keys(value).length <= MAX_PARAMS ? null : `an object with at most ${MAX_PARAMS} fields`;
    case 'driver':
      return value === 'node' || value === 'python' ? null : '`node` or `python`';
    case 'ownerKey':
      return typeof value === 'string' && OWNER_KEY_PATTERN.test(value) ? null : 'an owner key (22–128 characters: letters, digits, `-`, `_`)';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** UTF-8 length without allocating a Buffer (lone surrogates count 3, as TextEncoder writes U+FFFD). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
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
