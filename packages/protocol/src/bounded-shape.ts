// The size of a value from outside, checked before anything walks it recursively. JSON.parse is iterative
// in V8, but JSON.stringify, String(), structuredClone and every validator are not: 5 000 nested arrays in
// a 12 KB message overflow the stack of whoever touches them next. Every reader of outside JSON (WebSocket
// messages, recordings, trace records, uploaded files) bounds depth, node count and string length here
// first; each check is a loop over an explicit stack, never recursion.

export interface ShapeLimits {
  /** Deepest nesting of arrays and objects; the value itself is depth 0, its fields depth 1. */
  maxDepth: number;
  /** Array items plus object fields, counted over the whole value. */
  maxNodes: number;
  /** Longest string value or object key, in UTF-16 code units. */
  maxStringLength: number;
}

/** Nothing forkscope exchanges is nested more than a few levels (params → list → string is 3). */
export const MAX_DEPTH = 16;

export type ShapeCheck = { ok: true } | { ok: false; message: string };

/** `reason`: `json` when the text is not JSON, `shape` when it is but exceeds the limits. */
export type BoundedParse = { ok: true; value: unknown } | { ok: false; reason: 'json' | 'shape'; message: string };

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The character offset where JSON `text` first nests deeper than `maxDepth`, or -1. A linear scan of the
 * text that skips strings; it does not validate the JSON (JSON.parse does that afterwards).
 */
export function excessNestingAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return i;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return -1;
}

/** Checks a parsed value against `limits` without recursion. */
export function checkShape(value: unknown, limits: ShapeLimits): ShapeCheck {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return { ok: false, message: `a string is ${v.length} characters long (at most ${limits.maxStringLength})` };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limits.maxDepth) return { ok: false, message: `it is nested deeper than ${limits.maxDepth} levels` };
    const items = Array.isArray(v) ? (v as unknown[]) : null;
    const keys = items ? null : Object.keys(v);
    nodes += items ? items.length : keys!.length;
    if (nodes > limits.maxNodes) return { ok: false, message: `it has more than ${limits.maxNodes} fields and items` };
    if (items) {
      for (const item of items) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of keys!) {
      if (key.length > limits.maxStringLength) return { ok: false, message: `a key is ${key.length} characters long (at most ${limits.maxStringLength})` };
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return { ok: true };
}

/** JSON.parse behind the nesting scan, then the shape check: a value no later step can overflow on. */
export function parseBoundedJson(text: string, limits: ShapeLimits): BoundedParse {
  const at = excessNestingAt(text, limits.maxDepth);
  if (at !== -1) return { ok: false, reason: 'shape', message: `it is nested deeper than ${limits.maxDepth} levels (at character ${at + 1})` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'json', message: `it is not JSON (${(error as Error).message})` };
  }
  const shape = checkShape(value, limits);
  return shape.ok ? { ok: true, value } : { ok: false, reason: 'shape', message: shape.message };
}
