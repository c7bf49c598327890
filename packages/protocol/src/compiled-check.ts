// Compiled schema checks, compiled when first asked for and kept per schema object: a reader that never
// sees a message type never pays for compiling its check. Compiling generates code (`new Function`); where
// that is forbidden — the web app runs under a Content-Security-Policy without 'unsafe-eval' — the same
// schema is checked by TypeBox's interpreter instead, which gives the same answers, only slower. The checks
// the page runs per event (each event type, the recording header) are compiled ahead of time instead
// (generated/precompiled-checks.ts), so the page needs neither.
import { OptionalKind, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Check } from '@sinclair/typebox/value';

const checks = new WeakMap<TSchema, (value: unknown) => boolean>();
let canCompile = true;

/** The check of `schema` (made once; the same function for the same schema object). */
export function compiledCheck<T extends TSchema>(schema: T): (value: unknown) => value is Static<T> {
  let check = checks.get(schema);
  if (!check) {
    check = (canCompile ? compile(schema) : null) ?? ((value) => Check(schema, value));
    checks.set(schema, check);
  }
  return check as (value: unknown) => value is Static<T>;
}

function compile(schema: TSchema): ((value: unknown) => boolean) | null {
  try {
    const typeCheck = TypeCompiler.Compile(schema);
    return (value) => typeCheck.Check(value);
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    canCompile = false;
    return null;
  }
}

/** Whether an object schema's property is optional (`Type.Optional`). */
export function isOptionalProperty(schema: TSchema): boolean {
  return schema[OptionalKind] === 'Optional';
}

export type { Static, TSchema };
