// A failure the CLI reports as one line on stderr, with a stable code and the exit status it ends with.
export type CliErrorCode =
  | 'ERR_USAGE'
  | 'ERR_UNKNOWN_COMMAND'
  | 'ERR_UNKNOWN_SCENARIO'
  | 'ERR_UNKNOWN_DRIVER'
  | 'ERR_NO_PROGRAM'
  | 'ERR_BAD_PARAM'
  | 'ERR_UNKNOWN_PARAM'
  | 'ERR_BAD_RECORDING';

export class CliError extends Error {
  readonly code: CliErrorCode;
  /** 2 for usage mistakes (bad command, option or value), 1 for the rest. */
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, exitCode = 2) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
    Object.defineProperty(this, 'name', { value: 'CliError', enumerable: false, configurable: true });
  }
}
