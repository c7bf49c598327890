// Every error the Process library, its runtime and the node driver throw, with its stable code and its
// message, in one place. Messages state the fact first (naming the process, option and value involved),
// then what to do. Where the error is the twin of one Python raises, the Python text is quoted in the
// comment so the two can be compared.

const q = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${JSON.stringify(value.name || '<anonymous>')}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

interface Details {
  /** The process the call was about (its name). */
  name?: string;
  /** Its pid, when started. */
  pid?: number | null;
  [key: string]: unknown;
}

const messages = {
  // ValueError: process object is closed
  ERR_PROCESS_CLOSED: (d: Details) =>
    `Process ${q(d.name)} is closed: ${String(d.action)} is not allowed after close(). Only name, daemon and authkey stay readable; create a new Process to run again`,
  // AssertionError: cannot start a process twice
  ERR_PROCESS_ALREADY_STARTED: (d: Details) =>
    `Process ${q(d.name)} was already started (pid ${String(d.pid)}): a process can be started only once. Create a new Process object to run the target again`,
  // AssertionError: can only join a started process (and the AttributeError of terminate()/kill() on an unstarted object)
  ERR_PROCESS_NOT_STARTED: (d: Details) =>
    `Process ${q(d.name)} has not been started: ${String(d.action)} needs a started process. Call start() first`,
  // AssertionError: can only start a process object created by current process
  ERR_START_NOT_CREATOR: (d: Details) =>
    `Process ${q(d.name)} was not created by this process (pid ${String(d.current)}): only the process that constructed a Process object can start it. Construct a new Process here instead`,
  // AssertionError: can only join a child process (for current_process().join())
  ERR_JOIN_SELF: (d: Details) =>
    `Process ${q(d.name)} cannot join itself: join() waits for a child process to end, and a process cannot wait for its own end. Join the children this process started instead`,
  // AssertionError: can only join a child process / can only test a child process
  ERR_NOT_A_CHILD: (d: Details) =>
    `Process ${q(d.name)} is not a child of this process (pid ${String(d.current)}): ${String(d.action)} works only on processes this process started`,
  // AssertionError: daemonic processes are not allowed to have children
  ERR_DAEMON_CHILDREN: (d: Details) =>
    `Process ${q(d.current)} is a daemon and cannot start ${q(d.name)}: daemonic processes are not allowed to have children (they are terminated when their parent's code ends and would leave orphans). Start it from a non-daemon process, or do not mark the parent daemon`,
  // AssertionError: process has already started
  ERR_DAEMON_AFTER_START: (d: Details) =>
    `Process ${q(d.name)} has already started: the \`daemon\` flag cannot change after start(). Set \`daemon\` in the constructor options or before start()`,
  // ValueError: Cannot close a process while it is still running. You should first call join() or terminate().
  ERR_PROCESS_STILL_RUNNING: (d: Details) =>
    `Process ${q(d.name)} (pid ${String(d.pid)}) is still running and cannot be closed. Call join() or terminate() first`,
  // AttributeError: 'Process' object has no attribute '_target' (run() after start())
  ERR_TARGET_RELEASED: (d: Details) =>
    `Process ${q(d.name)} no longer holds its target: start() handed it to the child process (pid ${String(d.pid)}). Call run() only on a process that was not started, or call start() alone`,
  // _pickle.PicklingError: Can't pickle <function <lambda> …>: attribute lookup <lambda> on __main__ failed
  ERR_TARGET_NOT_EXPORTED: (d: Details) =>
    `Process target ${q(String(d.target))} cannot be sent to a child process: export it from the program module (targets are found by their export name, as Python pickles functions by qualified name)`,
  // The same, for the class of a Process subclass instance.
  ERR_CLASS_NOT_EXPORTED: (d: Details) =>
    `Process subclass ${q(String(d.className))} cannot be sent to a child process: export the class from the program module (the child rebuilds the object from its exported class, as Python unpickles it by qualified name)`,
  // _pickle.PicklingError / TypeError: cannot pickle '…' object
  ERR_NOT_CLONEABLE: (d: Details) =>
    `Process ${q(d.name)} cannot send ${String(d.what)} to its child: ${String(d.reason)}. Only structured-clone values reach a child (no functions, sockets or class instances with behaviour); pass plain data and rebuild the rest in the child`,
  // RuntimeError: An attempt has been made to start a new process before the current process has finished its bootstrapping phase.
  ERR_START_DURING_BOOTSTRAP: (d: Details) =>
    `Process ${q(d.name)} was started while this child process (${q(d.current)}) was still loading the program module: an attempt has been made to start a new process before the current process has finished its bootstrapping phase. Every child re-runs the program module's top-level code, as Python's spawn start method does; start processes from main() (the twin of \`if __name__ == '__main__':\`), not at the top level`,
  ERR_NOT_IN_PROGRAM: (d: Details) =>
    `Process ${q(d.name)} cannot be started here: this code is not running as a forkscope program, so a child would not know which module to load. Export the target from a program module and run it with the node driver (\`forkscope run\`, or getDriver('node').prepare({ file }))`,
  ERR_SPAWN_FAILED: (d: Details) =>
    `Process ${q(d.name)} could not be started: the operating system refused to create a process (${String(d.reason)}). The run may have reached its process limit; end some processes first`,
  ERR_INVALID_ARG: (d: Details) =>
    `Expected ${String(d.arg)} to be ${String(d.expected)}, got ${q(d.value)} (${d.value === null ? 'null' : typeof d.value})`,
  ERR_INPUT_EOF: (d: Details) =>
    `No more input for process ${q(d.name)} (pid ${String(d.pid)}): its input ended (EOF when reading a line). A child's stdin is /dev/null unless the run delivers input to it`,
  ERR_VAR_TOO_LARGE: (d: Details) =>
    `reportVar(${q(d.var)}) got a value of ${String(d.bytes)} bytes as JSON; the trace channel carries at most ${String(d.limit)}. Report a smaller value (a length, a slice, a summary)`,
  ERR_DRIVER_UNKNOWN: (d: Details) =>
    `Driver ${q(d.id)} does not exist. Use one of: ${(d.known as string[]).map((k) => q(k)).join(', ')}`,
  ERR_PROGRAM_NOT_FOUND: (d: Details) =>
    `Program file ${q(d.file)} cannot be read (${String(d.reason)}). Pass an existing TypeScript or JavaScript module as \`file\``,
  ERR_PROGRAM_BUNDLE_FAILED: (d: Details) =>
    `Program file ${q(d.file)} could not be bundled:\n${String(d.reason)}\nFix the program so that it compiles`,
} as const;

export type ProcessErrorCode = keyof typeof messages;

/** An error of the Process library: `code` is stable, `message` explains what happened and what to do. */
export class ProcessError extends Error {
  readonly code: ProcessErrorCode;
  readonly details: Readonly<Details>;

  constructor(code: ProcessErrorCode, details: Details = {}, options?: { cause?: unknown }) {
    super(messages[code](details), options);
    this.code = code;
    this.details = details;
    Object.defineProperty(this, 'name', { value: 'ProcessError', enumerable: false, configurable: true });
  }
}

/** Validation helper: throws ERR_INVALID_ARG naming the argument, the expectation and the bad value. */
export function invalidArg(arg: string, expected: string, value: unknown): ProcessError {
  return new ProcessError('ERR_INVALID_ARG', { arg, expected, value });
}
