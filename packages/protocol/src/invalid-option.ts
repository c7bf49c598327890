// The error every forkscope function throws for a misused option: a TypeError with the stable code
// ERR_INVALID_OPTION, naming the option, what it should be and what it got.

/** `` `0` (number) ``, `` `ruby` (string) `` — how a misused option's value is quoted. */
export function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' || typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

export type InvalidOptionError = TypeError & { code: 'ERR_INVALID_OPTION' };

/** Throws ERR_INVALID_OPTION: `` Expected the `name` option to be <expected>, got `value` (type) ``. */
export function invalidOption(name: string, expected: string, value: unknown): never {
  const error = new TypeError(`Expected the \`${name}\` option to be ${expected}, got ${describeValue(value)}`);
  throw Object.assign(error, { code: 'ERR_INVALID_OPTION' as const }) satisfies InvalidOptionError;
}
