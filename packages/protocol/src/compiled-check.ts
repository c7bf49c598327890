// Compiled schema checks, compiled when first asked for and kept per schema object: a reader that never
// sees a message type never pays for compiling its check.
import { OptionalKind, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const checks = new WeakMap<TSchema, (value: unknown) => boolean>();

/** The compiled check of `schema` (compiled once; the same function for the same schema object). */
export function compiledCheck<T extends TSchema>(schema: T): (value: unknown) => value is Static<T> {
  let check = checks.get(schema);
  if (!check) {
    const typeCheck = TypeCompiler.Compile(schema);
    check = (value) => typeCheck.Check(value);
    checks.set(schema, check);
  }
  return check as (value: unknown) => value is Static<T>;
}

/** Whether an object schema's property is optional (`Type.Optional`). */
export function isOptionalProperty(schema: TSchema): boolean {
  return schema[OptionalKind] === 'Optional';
}

export type { Static, TSchema };
