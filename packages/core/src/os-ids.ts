// `getpid()` / `getppid()`: the twins of Python's os.getpid() and os.getppid().

/** The calling process's pid. */
export function getpid(): number {
  return process.pid;
}

/** The pid of the calling process's OS parent, read now: it changes when the parent dies (re-parenting). */
export function getppid(): number {
  return process.ppid;
}
