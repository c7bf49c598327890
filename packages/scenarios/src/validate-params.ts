// Checks a run's parameters against a scenario's specs: unknown names and out-of-range values are
// refused with a message that names the parameter, its bounds and the bad value. Each spec is a schema
// (its `description` is `describeParam`), checked by its compiled check. Browser-safe.
import { compiledCheck, type Driver, type TSchema } from '@forkscope/protocol';
import * as Type from '@sinclair/typebox/type';
import type { ParamSpec, ScenarioMeta } from './types.js';

export type ParamsResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; code: 'ERR_BAD_PARAM' | 'ERR_UNKNOWN_PARAM'; field: string; message: string };

/** The bad value in a message: its JSON, clipped; never throws (a cyclic or too-deep value is shown by kind). */
const show = (value: unknown): string => {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : typeof value;
  }
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
};

const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const kind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What a parameter accepts, in words: `an integer from 1 to 16`, `one of "each", "none"`. */
export function describeParam(spec: ParamSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}${spec.unit ? ` (${spec.unit})` : ''}`;
    case 'enum':
      return `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'string':
      return `a string of at most ${spec.maxLength} characters`;
    case 'string-list':
      return `a list of at most ${spec.maxItems} strings of at most ${spec.maxLength} characters each`;
  }
}

/** The JSON Schema of what a parameter accepts. */
export function paramSchema(spec: ParamSpec): TSchema {
  const description = describeParam(spec);
  switch (spec.type) {
    case 'boolean':
      return Type.Boolean({ description });
    case 'integer':
      return Type.Integer({ minimum: spec.min, maximum: spec.max, description });
    case 'number':
      return Type.Number({ minimum: spec.min, maximum: spec.max, description });
    case 'enum':
      return Type.Union(
        spec.values.map((v) => Type.Literal(v)),
        { description },
      );
    case 'string':
      return Type.String({ maxLength: spec.maxLength, description });
    case 'string-list':
      return Type.Array(Type.String({ maxLength: spec.maxLength }), { maxItems: spec.maxItems, description });
  }
}

const checks = new WeakMap<ParamSpec, (value: unknown) => boolean>();

function accepts(spec: ParamSpec, value: unknown): boolean {
  let check = checks.get(spec);
  if (!check) {
    check = compiledCheck(paramSchema(spec));
    checks.set(spec, check);
  }
  return check(value);
}

/** The parameters a run of `meta` under `driver` takes (default: the scenario's first driver). */
export function paramsFor(meta: ScenarioMeta, driver: Driver | undefined = meta.drivers[0]): ParamSpec[] {
  return meta.params.filter((spec) => !spec.drivers || (driver !== undefined && spec.drivers.includes(driver)));
}

/**
 * The scenario's parameters for a run under `driver` (default: its first driver), with every value given
 * in `input` checked, and defaults for the rest.
 */
export function validateParams(meta: ScenarioMeta, input: unknown, driver: Driver | undefined = meta.drivers[0]): ParamsResult {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    return {
      ok: false,
      code: 'ERR_BAD_PARAM',
      field: 'params',
      message: `Expected the parameters of scenario "${meta.id}" to be an object, got ${show(input)} (${kind(input)})`,
    };
  }
  const given = (input ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    // Names that reach an object's prototype are never parameters, whatever a catalogue says.
    if (PROTOTYPE_NAMES.has(name) || !meta.params.some((p) => p.name === name)) {
      const valid = meta.params.length > 0 ? `valid parameters: ${meta.params.map((p) => p.name).join(', ')}` : 'it takes no parameters';
      return { ok: false, code: 'ERR_UNKNOWN_PARAM', field: name, message: `Scenario "${meta.id}" has no parameter "${name}"; ${valid}` };
    }
  }
  const specs = paramsFor(meta, driver);
  for (const name of Object.keys(given)) {
    const spec = meta.params.find((p) => p.name === name)!;
    if (!specs.includes(spec) && given[name] !== undefined) {
      const only = (spec.drivers ?? []).join(', ');
      return { ok: false, code: 'ERR_BAD_PARAM', field: name, message: `Parameter "${name}" of scenario "${meta.id}" applies to the ${only} driver only, not ${String(driver)}` };
    }
  }
  const params: Record<string, unknown> = {};
  for (const spec of specs) {
    if (!Object.hasOwn(given, spec.name) || given[spec.name] === undefined) {
      params[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      continue;
    }
    const value = given[spec.name];
    if (!accepts(spec, value)) {
      return {
        ok: false,
        code: 'ERR_BAD_PARAM',
        field: spec.name,
        message: `Expected parameter "${spec.name}" of scenario "${meta.id}" to be ${describeParam(spec)}, got ${show(value)} (${kind(value)})`,
      };
    }
    params[spec.name] = Array.isArray(value) ? [...(value as string[])] : value;
  }
  return { ok: true, params };
}

/**
 * A parameter value typed as text (command line, URL query) turned into the spec's type. Returns the
 * text unchanged when it does not parse, so that validateParams reports it with the spec's bounds.
 */
export function parseParamText(spec: ParamSpec, text: string): unknown {
  switch (spec.type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'integer':
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'string-list':
      return text === '' ? [] : text.split(',');
    default:
      return text;
  }
}
