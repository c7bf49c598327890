// What a parent hands a child at start(): which export to run and with what, and the child's identity.
// It travels in the environment, written before the child exists, so a child never waits for its
// parent's event loop (Python writes its pickle into a pipe the child reads the same way); a large one
// goes through a file the child reads and deletes.
//
// Encoding: plain JSON data (the common case) as JSON; anything else (Map, Date, cycles, typed arrays…)
// as a v8 structured-clone buffer. The JSON path keeps node:v8 — which loads Node's whole streams stack —
// off a child's start path.
import { join } from 'node:path';

// Builtins through process.getBuiltinModule: only where needed, and fs without building its ESM
// namespace (whose getters load Node's streams stack).
const { readFileSync, unlinkSync, writeFileSync } = process.getBuiltinModule('node:fs');
const v8 = (): typeof import('node:v8') => process.getBuiltinModule('node:v8');

export interface ChildSpec {
  v: 1;
  /** Export name of the Process subclass, or null for a plain Process. */
  className: string | null;
  /** Export name of the target function, or null when there is none. */
  targetName: string | null;
  args: unknown[];
  /** Own fields of a subclass instance (its `__dict__`). */
  fields: Record<string, unknown>;
  name: string;
  identity: number[];
  daemon: boolean;
  authkey: Uint8Array;
  parentPid: number;
  parentName: string;
}

const SPEC_ENV = 'FORKSCOPE_SPEC';
const SPEC_FILE_ENV = 'FORKSCOPE_SPEC_FILE';
// Linux refuses a single environment string over 128 KiB; stay well below.
const MAX_ENV_CHARS = 96 * 1024;
let specFiles = 0;

/**
 * Serialises a spec: `j<json>` when args and fields are plain JSON data, else `v<base64 of v8>`. Throws
 * the DataCloneError of a value that cannot be cloned.
 */
export function encodeSpec(spec: ChildSpec): string {
  if (isPlainJson(spec.args, new Set(), 0) && isPlainJson(spec.fields, new Set(), 0)) {
    return `j${JSON.stringify({ ...spec, authkey: Buffer.from(spec.authkey).toString('hex') })}`;
  }
  return `v${v8().serialize(spec).toString('base64')}`;
}

/** Throws the DataCloneError of `value` if it cannot be structured-cloned. */
export function assertCloneable(value: unknown): void {
  v8().serialize(value);
}

/** Env entries that carry an encoded spec to a child. */
export function specEnv(encoded: string): Record<string, string> {
  if (encoded.length <= MAX_ENV_CHARS) return { [SPEC_ENV]: encoded };
  const dir = process.env.FORKSCOPE_RUN_DIR || process.getBuiltinModule('node:os').tmpdir();
  const file = join(dir, `forkscope-spec-${process.pid}-${++specFiles}`);
  writeFileSync(file, encoded, { mode: 0o600 });
  return { [SPEC_FILE_ENV]: file };
}

/**
 * The spec this process was started with, or null in a run's root. Removes it from the environment so
 * that processes this one starts do not inherit it.
 */
export function takeChildSpec(): ChildSpec | null {
  let encoded = process.env[SPEC_ENV];
  const file = process.env[SPEC_FILE_ENV];
  delete process.env[SPEC_ENV];
  delete process.env[SPEC_FILE_ENV];
  if (!encoded && file) {
    encoded = readFileSync(file, 'utf8');
    unlinkSync(file);
  }
  if (!encoded) return null;
  return decodeSpec(encoded);
}

/** The spec `encodeSpec` encoded. */
export function decodeSpec(encoded: string): ChildSpec {
  if (encoded.startsWith('v')) return v8().deserialize(Buffer.from(encoded.slice(1), 'base64')) as ChildSpec;
  const spec = JSON.parse(encoded.slice(1)) as Omit<ChildSpec, 'authkey'> & { authkey: string };
  return { ...spec, authkey: new Uint8Array(Buffer.from(spec.authkey, 'hex')) };
}

/**
 * Whether JSON carries `value` exactly as a structured clone would: strings, booleans, null, finite
 * numbers (not −0), dense arrays and plain objects, each object reached once (no cycles, no sharing).
 */
function isPlainJson(value: unknown, seen: Set<object>, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value) || depth > 100) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], seen, depth + 1)) return false;
        return Object.keys(value).length === value.length;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      if (Object.getOwnPropertySymbols(value).length > 0) return false;
      for (const key of Object.keys(value)) {
        if (!isPlainJson((value as Record<string, unknown>)[key], seen, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
