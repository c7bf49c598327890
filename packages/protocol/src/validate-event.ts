// Hand-written validation of events and trace records (no schema library: the browser bundle stays
// small and the messages say exactly which field is wrong). Unknown extra fields are allowed: the
// protocol grows by adding fields.

import type { EventType, ForkscopeEvent, TraceRecord } from './types.js';

export type ValidationCode = 'ERR_BAD_EVENT' | 'ERR_UNKNOWN_EVENT_TYPE';

export type ValidationFailure = {
  ok: false;
  /** `ERR_UNKNOWN_EVENT_TYPE` for a well-formed object of a type this reader does not know (readers skip those). */
  code: ValidationCode;
  message: string;
  /** The field that is wrong, when one is. */
  field?: string;
};

export type EventValidation = { ok: true; event: ForkscopeEvent } | ValidationFailure;
export type TraceRecordValidation = { ok: true; record: TraceRecord } | ValidationFailure;

type Check = { test: (v: unknown) => boolean; expected: string };

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const check = (expected: string, test: (v: unknown) => boolean): Check => ({ expected, test });
const oneOf = (...values: string[]): Check =>
  check(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => typeof v === 'string' && values.includes(v));
const orNull = (c: Check): Check => check(`${c.expected} or null`, (v) => v === null || c.test(v));

const string = check('a string', (v) => typeof v === 'string');
const boolean = check('a boolean', (v) => typeof v === 'boolean');
const int = check('an integer', isInt);
const count = check('a non-negative integer', (v) => isInt(v) && v >= 0);
const pid = check('a pid (a non-negative integer)', (v) => isInt(v) && v >= 0);
const port = check('a port number (0–65535)', (v) => isInt(v) && v >= 0 && v <= 65535);
const number = check('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
const signal = check('a signal name such as "SIGTERM"', (v) => typeof v === 'string' && /^SIG[A-Z0-9+]+$/.test(v));
const object = check('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const strings = check('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
const present = check('present', () => true);
const limits = check('run limits {wallMs, tasks, memoryBytes, outputBytes, cpuSeconds}', (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return number.test(l.wallMs) && number.test(l.tasks) && (l.memoryBytes === null || number.test(l.memoryBytes)) && number.test(l.outputBytes) && number.test(l.cpuSeconds);
});

type Spec = { required: Record<string, Check>; optional?: Record<string, Check> };

const net: Spec = { required: { port, peer: string } };

/** Per-type fields, beyond `seq`, `t`, `type` and `pid` (DESIGN §4 / types.ts). */
const SPECS: Record<EventType, Spec> = {
  'run.started': {
    required: {
      runId: string,
      scenario: orNull(string),
      params: object,
      driver: oneOf('node', 'python'),
      containment: oneOf('cgroup', 'process-group'),
      limits,
      warnings: strings,
    },
  },
  'process.spawned': {
    required: { ppid: pid, name: string, daemon: boolean, target: orNull(string) },
    optional: { discovered: boolean, command: string },
  },
  'process.standby': { required: { ppid: pid } },
  'process.running': { required: { ppid: pid, name: string } },
  'process.output': {
    required: { stream: oneOf('stdout', 'stderr'), text: string },
    optional: { untraced: boolean, coalesced: boolean },
  },
  'process.joining': { required: { target: pid, timeoutMs: orNull(number) } },
  'process.joined': { required: { target: pid, timedOut: boolean } },
  'process.terminating': { required: { target: pid, signal } },
  'process.alive-checked': { required: { target: pid, alive: boolean } },
  'process.main-ended': { required: {} },
  'process.daemon-killed': { required: { by: pid } },
  'process.error': { required: { errorType: string, message: string, stack: string }, optional: { code: string } },
  'process.exited': { required: { exitCode: orNull(int), signal: orNull(signal), reapedBy: pid } },
  'process.state': { required: { state: oneOf('R', 'S', 'D', 'Z', 'T', 'I', 'X'), ppid: pid } },
  'process.reparented': { required: { from: pid, to: pid }, optional: { reaper: boolean } },
  'process.var': { required: { name: string, value: present } },
  'process.input': { required: { text: string } },
  'net.listening': { required: { port } },
  'net.accepted': net,
  'net.connected': net,
  'net.closed': net,
  'output.truncated': { required: { droppedBytes: count } },
  'run.ended': {
    required: {
      status: oneOf('completed', 'cancelled', 'timeout', 'limit', 'failed'),
      reason: orNull(string),
      exitCode: orNull(int),
      leftovers: count,
    },
  },
};

const NO_FIELDS: Record<string, Check> = {};

/** Event types a process may not write on the trace channel: only the supervisor starts and ends a run. */
const SUPERVISOR_ONLY: ReadonlySet<string> = new Set(['run.started', 'run.ended']);

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(SPECS, type);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep or cyclic to show: String() would recurse the same way.
    shown = Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : typeof value;
  }
  if (shown.length > 60) shown = `${shown.slice(0, 57)}…`;
  return `${shown} (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
}

function fail(field: string | undefined, message: string, code: ValidationCode = 'ERR_BAD_EVENT'): ValidationFailure {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

/** Each spec's fields as a list, made once: validation runs per event, thousands of times a second. */
const fieldLists = new WeakMap<Record<string, Check>, [string, Check][]>();
const listOf = (fields: Record<string, Check>): [string, Check][] => {
  let list = fieldLists.get(fields);
  if (!list) fieldLists.set(fields, (list = Object.entries(fields)));
  return list;
};

function checkFields(what: string, x: Record<string, unknown>, fields: Record<string, Check>, optional: boolean): ValidationFailure | null {
  for (const [name, c] of listOf(fields)) {
    const has = Object.prototype.hasOwnProperty.call(x, name);
    if (!has && optional) continue;
    const value = x[name];
    if (!has || !c.test(value)) {
      return fail(name, `Expected \`${name}\` of ${what} to be ${c.expected}, got ${has ? describe(value) : 'nothing'}`);
    }
  }
  return null;
}

function validateCommon(x: unknown, kind: 'event' | 'trace record', base: Record<string, Check>): ValidationFailure | { x: Record<string, unknown>; type: EventType } {
  const article = kind === 'event' ? 'an' : 'a';
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(undefined, `Expected ${article} ${kind} object, got ${describe(x)}`);
  const o = x as Record<string, unknown>;
  if (typeof o.type !== 'string') return fail('type', `Expected \`type\` of ${article} ${kind} to be a string, got ${describe(o.type)}`);
  const type = o.type;
  const what = `a ${type} ${kind}`;
  const bad = checkFields(what, o, base, false);
  if (bad) return bad;
  if (!isEventType(type)) return fail('type', `Unknown event type \`${type}\``, 'ERR_UNKNOWN_EVENT_TYPE');
  return { x: o, type };
}

/** Checks an event as the collector emits it (`seq`, `t`, `type`, `pid` and the type's own fields). */
export function validateEvent(x: unknown): EventValidation {
  const common = validateCommon(x, 'event', { seq: count, t: number, pid });
  if ('ok' in common) return common;
  const spec = SPECS[common.type];
  const what = `a ${common.type} event`;
  const bad = checkFields(what, common.x, spec.required, false) ?? checkFields(what, common.x, spec.optional ?? NO_FIELDS, true);
  return bad ?? { ok: true, event: common.x as unknown as ForkscopeEvent };
}

/**
 * Checks a record a traced process wrote on the trace channel: an event without `seq` and `t`, with
 * `tm` (absolute CLOCK_MONOTONIC µs). `run.*` records are refused: only the supervisor starts and ends
 * a run. Any `seq`/`t` a process wrote is ignored; the collector assigns both (`traceRecordToEvent`).
 */
export function validateTraceRecord(x: unknown): TraceRecordValidation {
  const common = validateCommon(x, 'trace record', { tm: check('a non-negative number of microseconds', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0), pid });
  if ('ok' in common) return common;
  if (SUPERVISOR_ONLY.has(common.type)) {
    return fail('type', `A process may not write a \`${common.type}\` record: only the supervisor starts and ends a run`);
  }
  const spec = SPECS[common.type];
  const what = `a ${common.type} trace record`;
  const bad = checkFields(what, common.x, spec.required, false) ?? checkFields(what, common.x, spec.optional ?? NO_FIELDS, true);
  return bad ?? { ok: true, record: common.x as unknown as TraceRecord };
}

/** The event for a validated trace record: `t = tm − runStartTm`, `seq` as the collector assigns it. */
export function traceRecordToEvent(record: TraceRecord, seq: number, runStartTm: number): ForkscopeEvent {
  const { tm, ...rest } = record as TraceRecord & { seq?: unknown; t?: unknown };
  delete (rest as { seq?: unknown }).seq;
  delete (rest as { t?: unknown }).t;
  return { ...rest, seq, t: tm - runStartTm } as ForkscopeEvent;
}
