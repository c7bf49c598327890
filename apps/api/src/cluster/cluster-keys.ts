// Every key forkscope keeps in Redis, in one place. docs/scaling.md describes each one.
//
//   forkscope:epoch              a random integer set once per Redis lifetime (no persistence: a restarted
//                                Redis has none, the first node sets a new one); pages compare it to know
//                                whether the runs they follow can still be resumed
//   forkscope:queue              the run queue: a stream with the consumer group `workers`
//   forkscope:waiting            runs waiting for a worker (zset, score = ticket): the queue's length and positions
//   forkscope:ticket             the ticket counter
//   forkscope:live               queued and running runs (zset, score = queuedAt ms), for the runs list
//   forkscope:run:<id>           one run (hash): spec, state, owner-key digest, worker, input used
//   forkscope:events:<id>        one run's events (stream, entry id 0-<seq+1>), then its end marker
//   forkscope:workers            registered workers (hash: id → JSON)
//   forkscope:worker:<id>        a worker's lease (expires when it stops renewing it)
//   forkscope:control:<id>       a worker's commands (pub/sub: cancel, input)
//   forkscope:classes            open classes (zset, score = when the class expires unless touched, ms), for the cap
//   forkscope:class:<code>       one class (hash): teacher-key digest, view, question, revisions, counts
//   forkscope:class:<code>:students   its students (hash): records by id, ids by key digest, removed keys
//   forkscope:class:<code>:answers    answers to the open question (hash): choice and changes by student id
//   forkscope:class:<code>:nodes      the API nodes with students of the class present (set)
//   forkscope:class:<code>:at:<node>  the students present through that node (set, expires unless renewed)
//   forkscope:class:<code>:signals    the class's changes, node to node (pub/sub)
export const KEY = {
  epoch: 'forkscope:epoch',
  queue: 'forkscope:queue',
  waiting: 'forkscope:waiting',
  ticket: 'forkscope:ticket',
  live: 'forkscope:live',
  workers: 'forkscope:workers',
  run: (runId: string) => `forkscope:run:${runId}`,
  events: (runId: string) => `forkscope:events:${runId}`,
  workerLease: (workerId: string) => `forkscope:worker:${workerId}`,
  control: (workerId: string) => `forkscope:control:${workerId}`,
  classes: 'forkscope:classes',
  class: (code: string) => `forkscope:class:${code}`,
  classStudents: (code: string) => `forkscope:class:${code}:students`,
  classAnswers: (code: string) => `forkscope:class:${code}:answers`,
  classNodes: (code: string) => `forkscope:class:${code}:nodes`,
  /** With an empty node: the prefix every node's set of the class shares. */
  classAt: (code: string, nodeId: string) => `forkscope:class:${code}:at:${nodeId}`,
  classSignals: (code: string) => `forkscope:class:${code}:signals`,
} as const;

/** The consumer group every worker (and every reclaimer) reads the queue with. */
export const QUEUE_GROUP = 'workers';

/** Entry ids of a run's event stream: seq 0 is `0-1`, so XREAD after `0-<seq>` starts exactly at `seq`. */
export function entryIdOf(seq: number): string {
  return `0-${seq + 1}`;
}

/** The seq of an event entry id, or null for an id that is not one (`<ms>-<n>` with ms ≠ 0). */
export function seqOf(entryId: string): number | null {
  const match = /^0-(\d+)$/.exec(entryId);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n - 1 : null;
}
