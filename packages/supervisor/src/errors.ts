// Errors of the run supervisor: a stable `code` plus a message that states the fact first.

export type SupervisorErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_SUPERVISOR_CLOSED'
  | 'ERR_RUN_ID_TAKEN'
  | 'ERR_CGROUP'
  | 'ERR_RUN_FAILED'
  | 'ERR_RUN_ENDED';

export class SupervisorError extends Error {
  readonly code: SupervisorErrorCode;

  constructor(code: SupervisorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, 'name', { value: 'SupervisorError', enumerable: false });
  }
}

/** `` `0` (number) `` — how a misused option's value is quoted. */
export function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = String(value);
  }
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

/** Throws ERR_INVALID_OPTION: `` Expected the `name` option to be <expected>, got `value` (type) ``. */
export function invalidOption(name: string, expected: string, value: unknown): never {
  throw new SupervisorError('ERR_INVALID_OPTION', `Expected the \`${name}\` option to be ${expected}, got ${describeValue(value)}`);
}
