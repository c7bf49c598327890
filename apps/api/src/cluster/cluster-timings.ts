// The clock of the cluster: how often workers renew their claims, how long a silent one is trusted, how
// long a finished run's stream stays. The defaults bound the detection of a dead worker to
// stallMs + reclaimEveryMs = 5 s (the bound is 10 s) while tolerating a worker whose event loop
// stalls for up to 3 s on a loaded machine.
import { invalidOption } from '@forkscope/protocol';

export interface ClusterTimings {
  /** A worker renews its lease and its runs' queue entries this often, ms. */
  heartbeatMs: number;
  /**
   * A queue entry nobody renewed for this long is reclaimed: its run is interrupted (or queued again if no
   * worker had taken it); a worker that could not renew for this long ends its runs itself, ms.
   */
  stallMs: number;
  /** Every node and worker looks for stalled entries this often, ms. */
  reclaimEveryMs: number;
  /** A worker's lease lasts this long without renewal, ms (its registration is dropped after). */
  leaseMs: number;
  /** A finished run's stream and record stay in Redis this long for viewers, then expire, s. */
  streamTtlSec: number;
  /** Longest a run's record and stream may live at all (a cluster that lost every node), s. */
  runTtlSec: number;
  /** Entries a run's stream keeps at most (`XADD MAXLEN ~`); older events are read from its recording. */
  streamMaxLen: number;
}

export const DEFAULT_TIMINGS: Readonly<ClusterTimings> = Object.freeze({
  heartbeatMs: 1000,
  stallMs: 4000,
  reclaimEveryMs: 1000,
  leaseMs: 5000,
  streamTtlSec: 60,
  runTtlSec: 6 * 3600,
  streamMaxLen: 100_000,
});

export function resolveTimings(given: Partial<ClusterTimings> = {}): ClusterTimings {
  const timings = { ...DEFAULT_TIMINGS, ...given };
  for (const [name, value] of Object.entries(timings)) {
    if (!Number.isSafeInteger(value) || value <= 0) invalidOption(`timings.${name}`, 'a positive integer', value);
  }
  if (timings.heartbeatMs * 2 > timings.stallMs) invalidOption('timings.stallMs', `at least twice heartbeatMs (${timings.heartbeatMs})`, timings.stallMs);
  return timings;
}
