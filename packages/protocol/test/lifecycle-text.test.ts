import { expect, test } from 'vitest';
import { lifecycleText } from '../src/index.js';
import type { ConsoleLifecycle } from '../src/index.js';

// pid 9 stands for a process outside the run (the supervisor).
const label = (pid: number) => (pid === 1 ? 'MainProcess · 1' : pid === 9 ? null : `pid ${pid}`);

test.each<[ConsoleLifecycle, string, string]>([
  [{ kind: 'spawned', by: 1, daemon: false, discovered: false }, 'spawned by MainProcess · 1', '由 MainProcess · 1 创建'],
  [{ kind: 'spawned', by: 0, daemon: false, discovered: true }, 'spawned by the run · discovered', '由本次运行创建 · 由内核发现'],
  [{ kind: 'spawned', by: 9, daemon: true, discovered: false }, 'spawned by the run · daemon', '由本次运行创建 · 守护进程'],
  [{ kind: 'joined', target: 2, timedOut: false }, 'joined pid 2', 'join(pid 2) 已返回'],
  [{ kind: 'joined', target: 2, timedOut: true }, 'join(pid 2) timed out', 'join(pid 2) 超时'],
  [{ kind: 'terminating', target: 2, signal: 'SIGKILL' }, 'sent SIGKILL to pid 2', '向 pid 2 发送 SIGKILL'],
  [{ kind: 'alive-checked', target: 2, alive: true }, 'is_alive(pid 2) → True', 'is_alive(pid 2) → True'],
  [{ kind: 'alive-checked', target: 9, alive: false }, 'is_alive(pid 9) → False', 'is_alive(pid 9) → False'],
  [{ kind: 'daemon-killed', by: 1 }, 'daemon: SIGTERM from MainProcess · 1, whose code had ended', '守护进程：收到 MainProcess · 1 发来的 SIGTERM，因其代码已结束'],
  [{ kind: 'exited', exitCode: 0, signal: null, cause: 'returned', badge: '0' }, 'exited · 0', '已退出 · 退出码 0'],
  [{ kind: 'exited', exitCode: 1, signal: null, cause: 'error', badge: '1' }, 'exited · 1 (uncaught error)', '已退出 · 退出码 1（未捕获的异常）'],
  [{ kind: 'exited', exitCode: 3, signal: null, cause: 'exit', badge: '3' }, 'exited · 3', '已退出 · 退出码 3'],
  [{ kind: 'exited', exitCode: -15, signal: 'SIGTERM', cause: 'terminated', badge: '−15 SIGTERM' }, 'killed by SIGTERM · exit −15 (terminated)', '被 SIGTERM 终止 · 退出码 −15（被 terminate）'],
  [
    { kind: 'exited', exitCode: -15, signal: 'SIGTERM', cause: 'daemon-killed', badge: '−15 SIGTERM' },
    "killed by SIGTERM · exit −15 (daemon, its parent's code had ended)",
    '被 SIGTERM 终止 · 退出码 −15（守护进程，父进程的代码已结束）',
  ],
  [{ kind: 'exited', exitCode: -9, signal: 'SIGKILL', cause: 'killed', badge: '−9 SIGKILL' }, 'killed by SIGKILL · exit −9 (killed)', '被 SIGKILL 终止 · 退出码 −9（被 kill）'],
  [{ kind: 'exited', exitCode: -1, signal: null, cause: 'signal', badge: '−1 SIGHUP' }, 'killed by SIGHUP · exit −1', '被 SIGHUP 终止 · 退出码 −1'],
  [{ kind: 'exited', exitCode: null, signal: null, cause: 'unknown', badge: '?' }, 'exited · code unknown', '已退出 · 退出码未知'],
  [{ kind: 'exited', exitCode: null, signal: null, cause: 'reparented', badge: '?' }, 're-parented; exit code not visible to this run', '已被过继；本次运行看不到它的退出码'],
  [{ kind: 'reparented', from: 5, to: 1 }, 're-parented: ppid 5 → 1', '被过继：父进程 5 → 1'],
  [{ kind: 'input', text: 'hello' }, '> hello', '> hello'],
  [{ kind: 'truncated', droppedBytes: 512 }, 'output truncated: 512 bytes dropped', '输出被截断：丢弃 512 字节'],
  [
    { kind: 'run-ended', status: 'timeout', exitCode: null, leftovers: 2, reason: 'wall', processes: 4 },
    'run timeout (wall) · 4 processes · 2 left over',
    '运行超时（时间上限） · 4 个进程 · 残留 2 个进程',
  ],
  [
    { kind: 'run-ended', status: 'completed', exitCode: 0, leftovers: 0, reason: null, processes: 3 },
    'run completed · exit 0 · 3 processes · none left over',
    '运行完成 · 退出码 0 · 3 个进程 · 无残留进程',
  ],
])('%j → %s / %s', (line, en, zh) => {
  expect(lifecycleText(line, label)).toBe(en);
  expect(lifecycleText(line, label, 'en')).toBe(en);
  expect(lifecycleText(line, label, 'zh')).toBe(zh);
});
