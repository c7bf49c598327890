// The few lines of sh that run before the program: join the unit's cgroups (so every descendant is born
// inside), set per-process rlimits, then exec the program in place (same pid). No user input is parsed by sh:
// the program's argv travels as positional parameters.

const SCRIPT = [
  'cpu=$1; n=$2; shift 2',
  'while [ "$n" -gt 0 ]; do echo $$ >"$1" || exit 125; shift; n=$((n-1)); done',
  // Soft CPU limit → SIGXCPU (so the run can say `cpu`); the hard limit a second later → SIGKILL if ignored.
  'ulimit -H -t $((cpu+1)) 2>/dev/null; ulimit -S -t "$cpu" 2>/dev/null; ulimit -c 0 2>/dev/null',
  'exec "$@"',
].join('\n');

/** `sh -c <script> forkscope-run <cpu> <n> <procs files…> <argv…>`. */
export function wrapperArgv(argv: string[], cpuSeconds: number, procsFiles: string[]): string[] {
  return ['/bin/sh', '-c', SCRIPT, 'forkscope-run', String(cpuSeconds), String(procsFiles.length), ...procsFiles, ...argv];
}
