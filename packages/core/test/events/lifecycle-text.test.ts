import { expect, test } from 'vitest';
import { lifecycleText } from '../../src/events/index.js';
import type { ConsoleLifecycle } from '../../src/events/index.js';

const label = (pid: number) => (pid === 1 ? 'MainProcess · 1' : `pid ${pid}`);

test.each<[ConsoleLifecycle, string]>([
  [{ kind: 'spawned', by: 1, daemon: false, discovered: false }, 'spawned by MainProcess · 1'],
  [{ kind: 'spawned', by: 0, daemon: false, discovered: true }, 'spawned by the run · discovered'],
  [{ kind: 'joined', target: 2, timedOut: false }, 'joined pid 2'],
  [{ kind: 'joined', target: 2, timedOut: true }, 'join(pid 2) timed out'],
  [{ kind: 'terminating', target: 2, signal: 'SIGKILL' }, 'sent SIGKILL to pid 2'],
  [{ kind: 'alive-checked', target: 2, alive: true }, 'is_alive(pid 2) → True'],
  [{ kind: 'daemon-killed', by: 1 }, 'daemon: SIGTERM from MainProcess · 1, whose code had ended'],
  [{ kind: 'exited', exitCode: 0, signal: null, cause: 'returned', badge: '0' }, 'exited · 0'],
  [{ kind: 'exited', exitCode: 1, signal: null, cause: 'error', badge: '1' }, 'exited · 1 (uncaught error)'],
  [{ kind: 'exited', exitCode: 3, signal: null, cause: 'exit', badge: '3' }, 'exited · 3'],
  [{ kind: 'exited', exitCode: -15, signal: 'SIGTERM', cause: 'terminated', badge: '−15 SIGTERM' }, 'killed by SIGTERM · exit −15 (terminated)'],
  [{ kind: 'exited', exitCode: -9, signal: 'SIGKILL', cause: 'killed', badge: '−9 SIGKILL' }, 'killed by SIGKILL · exit −9 (killed)'],
  [{ kind: 'exited', exitCode: -1, signal: null, cause: 'signal', badge: '−1 SIGHUP' }, 'killed by SIGHUP · exit −1'],
  [{ kind: 'exited', exitCode: null, signal: null, cause: 'unknown', badge: '?' }, 'exited · code unknown'],
  [{ kind: 'reparented', from: 5, to: 1 }, 're-parented: ppid 5 → 1'],
  [{ kind: 'input', text: 'hello' }, '> hello'],
  [{ kind: 'truncated', droppedBytes: 512 }, 'output truncated: 512 bytes dropped'],
  [{ kind: 'run-ended', status: 'timeout', exitCode: null, leftovers: 2, reason: 'wall', processes: 4 }, 'run timeout (wall) · 4 processes · 2 left over'],
])('%j → %s', (line, text) => {
  expect(lifecycleText(line, label)).toBe(text);
});
