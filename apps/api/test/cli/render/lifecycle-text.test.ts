import { describe, expect, test } from 'vitest';
import { lifecycleLine } from '../../../src/cli/render/lifecycle-text.js';

const label = (pid: number): string | null => (pid === 1 ? null : `P·${pid}`);

describe('lifecycleLine', () => {
  test.each([
    [{ kind: 'spawned', by: 1, daemon: true, discovered: false }, 'spawned by the run · daemon', '由 运行 创建 · 守护进程'],
    [{ kind: 'spawned', by: 7, daemon: false, discovered: false }, 'spawned by P·7', '由 P·7 创建'],
    [{ kind: 'joined', target: 8, timedOut: false }, 'joined P·8', 'join 到了 P·8'],
    [{ kind: 'daemon-killed', by: 7 }, 'daemon: SIGTERM from P·7, whose code had ended', '守护进程:P·7 的代码已结束,发来 SIGTERM'],
    [{ kind: 'exited', exitCode: -15, signal: 'SIGTERM', cause: 'daemon-killed', badge: '−15 SIGTERM' }, "killed by SIGTERM · exit −15 (daemon, its parent's code had ended)", '被 SIGTERM 结束 · 退出码 −15(守护进程,父进程代码已结束)'],
    [{ kind: 'exited', exitCode: 1, signal: null, cause: 'error', badge: '1' }, 'exited · 1 (uncaught error)', '已退出 · 退出码 1(未捕获的异常)'],
    [{ kind: 'alive-checked', target: 8, alive: true }, 'is_alive(P·8) → True', 'is_alive(P·8) → True'],
  ] as const)('%j', (line, en, zh) => {
    expect(lifecycleLine(line, label, 'en')).toBe(en);
    expect(lifecycleLine(line, label, 'zh')).toBe(zh);
  });
});
