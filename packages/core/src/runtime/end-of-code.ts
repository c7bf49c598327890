// What every process of a program does when its own code has ended (CPython `util._exit_function`, run
// by the main process at exit and by every child after run()): daemonic children get SIGTERM first, then
// every child still running is joined, and only then does the process exit. A process killed by a
// signal never gets here: its children live on as orphans.
import { activeChildren, terminateDaemon } from '../process.js';
import { emit } from '../trace/trace-channel.js';
import { releaseStandbys } from './standby-pool.js';

/** Ends this process with `status` after its children, as described above. */
export async function endOwnCode(status: number): Promise<never> {
  const standbysGone = releaseStandbys();
  emit({ type: 'process.main-ended', pid: process.pid });
  for (const child of activeChildren()) {
    if (!child.daemon || child.pid === null) continue;
    emit({ type: 'process.daemon-killed', pid: child.pid, by: process.pid });
    terminateDaemon(child);
  }
  for (const child of activeChildren()) await child.join();
  await standbysGone;
  return exitAfterFlush(status);
}

/** Exits with `status` once stdout and stderr are flushed. */
export async function exitAfterFlush(status: number): Promise<never> {
  await flushStdio();
  process.exit(status);
}

/**
 * Waits until stdout and stderr have handed every queued write to the OS. Untraced, they may be
 * non-blocking pipes whose writes Node queues in memory when the reader is slow, and process.exit()
 * would drop them (CPython flushes its streams before a child exits, too).
 */
function flushStdio(): Promise<unknown> {
  return Promise.all(
    [process.stdout, process.stderr].map((stream) =>
      stream.writableLength === 0 || stream.destroyed ? null : new Promise((resolve) => stream.write('', () => resolve(null))),
    ),
  );
}
