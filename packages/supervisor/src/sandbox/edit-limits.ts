// Limits of an edited run (a learner's own version of a lesson), tighter than a lesson's: the program is not
// ours. Each is sized for the lessons and set against what other playgrounds allow (Compiler Explorer: 14
// processes, 200 MiB, 16 MiB files; Judge0: 60 processes, 128 MB, CPU 5 s, wall 10 s, 1 MiB output; Python
// Tutor: 512 MB, 10 s, 10 MB output). Measured by `pnpm soak supervisor` (the sandboxed `many`, 16 children).
import type { Driver, RunLimits } from '@forkscope/protocol';

const MiB = 1024 * 1024;

/**
 * Tasks (the pids controller counts threads). A CPython process is one task: 64 is Judge0's 60 processes plus
 * the sandbox's own two (bwrap and the run's reaper) and a few threads (a Queue's feeder, a Pool's handlers); the
 * largest lesson (`many`, 16 children) peaked at 19 tasks in the sandbox. A Node process is 7 to 11 tasks: the same
 * lesson's 17 Node processes peaked at 189; 320 leaves that 1.7× headroom and holds about 29 Node processes,
 * half Judge0's 60 (Compiler Explorer's 14 processes would not run the lesson under Node).
 */
export const EDIT_TASKS: Readonly<Record<Driver, number>> = { python: 64, node: 320 };

/**
 * The rest, the same for both languages:
 * - memory 384 MiB: the largest lesson peaked at 156 MiB charged in the sandbox under Node (its bundle and runtime
 *   pages are charged to the run) and 15 MiB under Python; 384 MiB is 2.5× that, between Compiler Explorer's
 *   200 MiB and Python Tutor's 512 MB; the work directory's tmpfs and /dev/shm are charged here too;
 * - wall 20 s: twice Judge0's and Python Tutor's 10 s, because the chat lesson waits for what the learner types;
 *   the longest scripted lesson takes about 4 s;
 * - CPU 5 s per process: Judge0's;
 * - output 256 KiB: a lesson prints a few KB; a quarter of Judge0's 1 MiB keeps recordings of print loops small.
 */
export function editLimits(driver: Driver): RunLimits {
  return { tasks: EDIT_TASKS[driver], memoryBytes: 384 * MiB, wallMs: 20_000, cpuSeconds: 5, outputBytes: 256 * 1024 };
}

/** The work directory (a tmpfs, `/work`, also TMPDIR and HOME): Compiler Explorer's is 20 MiB. */
export const WORK_DIR_BYTES = 16 * MiB;

/** /dev/shm (POSIX semaphores of multiprocessing's locks and queues). */
export const SHM_BYTES = 8 * MiB;
