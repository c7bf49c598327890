// `exit(code)`: the twin of Python's sys.exit(). It throws SystemExit, which the runtime catches where the
// process's own code ends, so the end-of-code handling still runs (daemon children terminated, the other
// children joined) before the process exits with the code, exactly as SystemExit does in a Python child.

export type ExitCode = number | string | boolean | null | undefined;

/** Thrown by exit(); catching it (like Python's `except BaseException`) cancels the exit. */
export class SystemExit extends Error {
  readonly code: ExitCode;

  constructor(code: ExitCode) {
    super(code === undefined || code === null ? 'exit()' : `exit(${JSON.stringify(code)})`);
    this.code = code;
    Object.defineProperty(this, 'name', { value: 'SystemExit', enumerable: false, configurable: true });
  }
}

/** Ends the calling process's own code with `code` (0 by default). A string is printed to stderr and exits 1. */
export function exit(code?: ExitCode): never {
  throw new SystemExit(code);
}

/** The OS exit status for a SystemExit code, and the text Python would print for it. */
export function exitStatus(code: ExitCode): { status: number; message: string | null } {
  if (code === undefined || code === null) return { status: 0, message: null };
  if (typeof code === 'boolean') return { status: code ? 1 : 0, message: null };
  if (typeof code === 'number' && Number.isInteger(code)) return { status: ((code % 256) + 256) % 256, message: null };
  return { status: 1, message: String(code) };
}
