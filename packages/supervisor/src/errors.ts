// Errors of the run supervisor: a stable `code` plus a message that states the fact first.

export type SupervisorErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_SUPERVISOR_CLOSED'
  | 'ERR_RUN_ID_TAKEN'
  | 'ERR_CGROUP'
  | 'ERR_RUN_FAILED'
  | 'ERR_RUN_ENDED'
  /** An edited run where no sandbox works (the reason says why). */
  | 'ERR_SANDBOX_UNAVAILABLE'
  | 'ERR_PROGRAM_TOO_LARGE'
  | 'ERR_BAD_PROGRAM';

export class SupervisorError extends Error {
  readonly code: SupervisorErrorCode;

  constructor(code: SupervisorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, 'name', { value: 'SupervisorError', enumerable: false });
  }
}
