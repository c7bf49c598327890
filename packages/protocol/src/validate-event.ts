// Validation of events and trace records: the compiled check of the event's own schema (types.ts)
// decides; only a value it refuses is walked field by field, in the protocol's order, to say which field
// is wrong and what was expected (the field schema's `description`). Unknown extra fields are allowed:
// the protocol grows by adding fields.

import type { TObject, TProperties } from '@sinclair/typebox';
import { compiledCheck, isOptionalProperty } from './compiled-check.js';
import { PRECOMPILED_EVENT_CHECKS } from './generated/precompiled-checks.js';
import {
  EVENT_BASE_FIELDS,
  EVENT_FIELDS,
  EVENT_SCHEMAS,
  SUPERVISOR_ONLY_EVENT_TYPES,
  TRACE_RECORD_BASE_FIELDS,
  TRACE_RECORD_SCHEMAS,
  type EventType,
  type ForkscopeEvent,
  type TraceRecord,
  type UnsequencedEvent,
} from './types.js';

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

type Check = (value: unknown) => boolean;

/**
 * Checks per type, made on first use (a Map: a `type` such as `__proto__` finds nothing): the one compiled
 * ahead of time when there is one (events: what the browser checks, where compiling at run time is
 * forbidden), else compiled now.
 */
function checksFor(schemas: Readonly<Record<string, TObject>>, precompiled: Readonly<Record<string, Check>> = {}): (type: string) => Check | undefined {
  const made = new Map<string, Check>();
  return (type) => {
    let check = made.get(type);
    if (check === undefined && Object.hasOwn(schemas, type)) {
      check = (Object.hasOwn(precompiled, type) ? precompiled[type] : undefined) ?? compiledCheck(schemas[type] as TObject);
      made.set(type, check);
    }
    return check;
  };
}

const eventCheck = checksFor(EVENT_SCHEMAS, PRECOMPILED_EVENT_CHECKS);
const recordCheck = checksFor(TRACE_RECORD_SCHEMAS);

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.hasOwn(EVENT_FIELDS, type);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks an event as the collector emits it (`seq`, `t`, `type`, `pid` and the type's own fields). */
export function validateEvent(x: unknown): EventValidation {
  if (isObject(x) && typeof x.type === 'string' && eventCheck(x.type)?.(x)) return { ok: true, event: x as ForkscopeEvent };
  return explain(x, 'event', EVENT_BASE_FIELDS);
}

/**
 * Checks a record a traced process wrote on the trace channel: an event without `seq` and `t`, with
 * `tm` (absolute CLOCK_MONOTONIC µs). The supervisor's own types (`SUPERVISOR_ONLY_EVENT_TYPES`: `run.*`, the
 * kernel's facts) are refused. Any `seq`/`t` a process wrote is ignored; the collector assigns both.
 */
export function validateTraceRecord(x: unknown): TraceRecordValidation {
  if (isObject(x) && typeof x.type === 'string' && recordCheck(x.type)?.(x)) return { ok: true, record: x as unknown as TraceRecord };
  return explain(x, 'trace record', TRACE_RECORD_BASE_FIELDS);
}

/**
 * The event for a validated trace record: `seq` as the collector assigns it, `t = tm − runStartTm`, then
 * the record's own fields (any `seq`/`t` it wrote dropped). One plain copy, in the order the collector
 * emits (`seq`, `t`, `type`, `pid`, …): object rest and spread with excluded keys cost ten times as much,
 * and this runs once per event of a run.
 */
export function traceRecordToEvent(record: TraceRecord, seq: number, runStartTm: number): ForkscopeEvent {
  // The usual record, output with nothing else: one object with its six fields in place.
  if (record.type === 'process.output' && isPlainOutputRecord(record)) {
    return { seq, t: record.tm - runStartTm, type: 'process.output', pid: record.pid, stream: record.stream, text: record.text };
  }
  const event: Record<string, unknown> = { seq, t: record.tm - runStartTm, type: record.type, pid: record.pid };
  copyFields(event, record as unknown as Record<string, unknown>);
  return event as ForkscopeEvent;
}

/** Whether an output record has its five fields and no other (`type`, `pid`, `stream`, `text`, `tm`). */
function isPlainOutputRecord(record: TraceRecord): boolean {
  let n = 0;
  for (const key in record) {
    if (key !== 'type' && key !== 'pid' && key !== 'stream' && key !== 'text' && key !== 'tm') return false;
    n++;
  }
  return n === 5;
}

/** An event numbered `seq`: the same copy for an event without one (`seq`, `t`, `type`, `pid` first). */
export function sequenceEvent(event: UnsequencedEvent, seq: number): ForkscopeEvent {
  const out: Record<string, unknown> = { seq, t: event.t, type: event.type, pid: event.pid };
  copyFields(out, event as unknown as Record<string, unknown>);
  return out as ForkscopeEvent;
}

/**
 * Copies every own field but the ones the copy set itself (`seq`, `t`, `type`, `pid`) and `tm`. A field
 * named `__proto__` (JSON.parse makes it an own field) stays a field: assigning it would set the prototype.
 */
function copyFields(to: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const key in from) {
    if (key === 'seq' || key === 't' || key === 'type' || key === 'pid' || key === 'tm' || !Object.hasOwn(from, key)) continue;
    if (key === '__proto__') Object.defineProperty(to, key, { value: from[key], enumerable: true, writable: true, configurable: true });
    else to[key] = from[key];
  }
}

// ── why a value was refused ─────────────────────────────────────────────────────────────────────────

function fail(field: string | undefined, message: string, code: ValidationCode = 'ERR_BAD_EVENT'): ValidationFailure {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
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

/** The first field of `fields` that is wrong: the required ones in order, then the optional ones that are there. */
function wrongField(what: string, x: Record<string, unknown>, fields: TProperties): ValidationFailure | null {
  const entries = Object.entries(fields);
  for (const optional of [false, true]) {
    for (const [name, schema] of entries) {
      if (isOptionalProperty(schema) !== optional) continue;
      const has = Object.hasOwn(x, name);
      if (!has && optional) continue;
      if (!has || !compiledCheck(schema)(x[name])) {
        return fail(name, `Expected \`${name}\` of ${what} to be ${String(schema.description)}, got ${has ? describe(x[name]) : 'nothing'}`);
      }
    }
  }
  return null;
}

function explain(x: unknown, kind: 'event' | 'trace record', base: TProperties): ValidationFailure {
  const article = kind === 'event' ? 'an' : 'a';
  if (!isObject(x)) return fail(undefined, `Expected ${article} ${kind} object, got ${describe(x)}`);
  const type = x.type;
  if (typeof type !== 'string') return fail('type', `Expected \`type\` of ${article} ${kind} to be a string, got ${describe(type)}`);
  const what = `a ${type} ${kind}`;
  const badBase = wrongField(what, x, base);
  if (badBase) return badBase;
  if (!isEventType(type)) return fail('type', `Unknown event type \`${type}\``, 'ERR_UNKNOWN_EVENT_TYPE');
  if (kind === 'trace record' && SUPERVISOR_ONLY_EVENT_TYPES.has(type)) {
    return fail('type', `A process may not write a \`${type}\` record: only the supervisor writes it`);
  }
  return wrongField(what, x, EVENT_FIELDS[type]) ?? fail(undefined, `Expected ${what} to match its schema`);
}
