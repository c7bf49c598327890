// Server-death insurance: a small detached sh holding a pipe from the server. When the pipe reaches EOF without
// a "disarm" line (the server died, even by SIGKILL), it kills every unit the server owned and removes them.
import { spawn, type ChildProcess } from 'node:child_process';

// The first line names it in `ps` for anyone auditing what a server left.
const SCRIPT = `# forkscope-watchdog: on EOF of the server's pipe, kill that server's runs
prefix=$1; tmp=$2; shift 2
runs=""
while IFS= read -r line; do
  case $line in
    disarm) exit 0 ;;
    "+ "*) runs="$runs \${line#+ }" ;;
    "- "*) id=\${line#- }; kept=""; for r in $runs; do [ "$r" = "$id" ] || kept="$kept $r"; done; runs=$kept ;;
  esac
done
for root in "$@"; do
  for d in "$root/$prefix"*; do
    [ -f "$d/cgroup.kill" ] && echo 1 >"$d/cgroup.kill" 2>/dev/null
  done
done
for id in $runs; do
  for f in $(grep -lzxF "FORKSCOPE_RUN=$id" /proc/[0-9]*/environ 2>/dev/null); do
    p=\${f#/proc/}; kill -9 "\${p%/environ}" 2>/dev/null
  done
done
i=0
while [ $i -lt 100 ]; do
  left=0
  for root in "$@"; do
    for d in "$root/$prefix"*; do
      [ -d "$d" ] || continue
      rmdir "$d" 2>/dev/null || left=1
    done
  done
  [ $left = 0 ] && break
  i=$((i+1)); sleep 0.02
done
rm -rf "$tmp/$prefix"*
`;

export class Watchdog {
  private child: ChildProcess | null;

  /** `prefix` is `forkscope-<server pid>-`; `roots` are the cgroup directories holding units; `tmp` holds run dirs. */
  constructor(prefix: string, tmp: string, roots: readonly string[]) {
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'forkscope-watchdog', prefix, tmp, ...roots], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    });
    child.on('error', () => {});
    child.stdin?.on('error', () => {});
    child.unref();
    // The pipe must not keep the server's event loop alive, and must close only when the server dies or disarms.
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.child = child;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Process-group runs are found by their tag on server death; cgroup runs by their unit directory. */
  register(runId: string): void {
    this.child?.stdin?.write(`+ ${runId}\n`);
  }

  unregister(runId: string): void {
    this.child?.stdin?.write(`- ${runId}\n`);
  }

  /** Ends the watchdog without killing anything (an orderly close already ended every run). */
  disarm(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.ref(); // keep the event loop alive until it has gone, or close() would never settle at exit
      child.stdin?.end('disarm\n');
    });
  }
}
