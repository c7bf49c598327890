// Lifecycle console lines (spawned, joined, killed, exited…) in words, English or Chinese. The structured
// `ConsoleLine.lifecycle` is the source of truth; the reducer stores the English text, the CLI and the web
// word it in the reader's language.

import { exitSignal } from './exit-cause.js';
import type { ConsoleLifecycle, ExitCause } from './model.js';
import type { RunStatus } from './types.js';

export type Lang = 'zh' | 'en';

/** The label of a process of the run (`name · pid`); null for a pid outside it, which is then `pid N`. */
export type ProcessLabeler = (pid: number) => string | null;

const CAUSE_NOTE: Record<Lang, Record<ExitCause, string>> = {
  en: {
    returned: '',
    error: ' (uncaught error)',
    exit: '',
    terminated: ' (terminated)',
    killed: ' (killed)',
    'daemon-killed': " (daemon, its parent's code had ended)",
    signal: '',
    reparented: '',
    unknown: '',
  },
  zh: {
    returned: '',
    error: '（未捕获的异常）',
    exit: '',
    terminated: '（被 terminate）',
    killed: '（被 kill）',
    'daemon-killed': '（守护进程，父进程的代码已结束）',
    signal: '',
    reparented: '',
    unknown: '',
  },
};

const STATUS_ZH: Record<RunStatus, string> = { completed: '完成', cancelled: '已取消', timeout: '超时', limit: '触及限制', failed: '失败' };

/** The supervisor's reasons (`RunEndedEvent.reason`) in Chinese; an unknown one is shown as sent. */
const REASON_ZH: Record<string, string> = {
  cancel: '被取消',
  wall: '时间上限',
  cpu: 'CPU 时间上限',
  tasks: '进程数上限',
  memory: '内存上限',
  output: '输出上限',
  internal: '内部错误',
};

export function lifecycleText(line: ConsoleLifecycle, label: ProcessLabeler, lang: Lang = 'en'): string {
  const zh = lang === 'zh';
  const name = (pid: number): string => label(pid) ?? `pid ${pid}`;
  switch (line.kind) {
    case 'spawned': {
      // `by` is 0 when the parent is unknown.
      const by = line.by ? label(line.by) : null;
      const flags = `${line.daemon ? (zh ? ' · 守护进程' : ' · daemon') : ''}${line.discovered ? (zh ? ' · 由内核发现' : ' · discovered') : ''}`;
      if (zh) return (by === null ? '由本次运行创建' : `由 ${by} 创建`) + flags;
      return `spawned by ${by ?? 'the run'}${flags}`;
    }
    case 'joined':
      if (line.timedOut) return zh ? `join(${name(line.target)}) 超时` : `join(${name(line.target)}) timed out`;
      return zh ? `join(${name(line.target)}) 已返回` : `joined ${name(line.target)}`;
    case 'terminating':
      return zh ? `向 ${name(line.target)} 发送 ${line.signal}` : `sent ${line.signal} to ${name(line.target)}`;
    case 'alive-checked':
      return `is_alive(${name(line.target)}) → ${line.alive ? 'True' : 'False'}`;
    case 'daemon-killed':
      return zh ? `守护进程：收到 ${name(line.by)} 发来的 SIGTERM，因其代码已结束` : `daemon: SIGTERM from ${name(line.by)}, whose code had ended`;
    case 'exited': {
      const sig = exitSignal(line.exitCode, line.signal);
      // The badge is `−15 SIGTERM`; its number is the exit code.
      const code = line.badge.split(' ')[0];
      const head = sig
        ? zh ? `被 ${sig} 终止 · 退出码 ${code}` : `killed by ${sig} · exit ${code}`
        : line.cause === 'reparented'
          ? zh ? '已被过继；本次运行看不到它的退出码' : 're-parented; exit code not visible to this run'
          : line.exitCode === null
          ? zh ? '已退出 · 退出码未知' : 'exited · code unknown'
          : zh ? `已退出 · 退出码 ${line.badge}` : `exited · ${line.badge}`;
      return head + CAUSE_NOTE[lang][line.cause];
    }
    case 'reparented':
      if (line.reaper) {
        return zh ? `被过继给本次运行的收养进程,pid ${line.to}(原父进程 ${line.from})` : `re-parented to the run's reaper, pid ${line.to} (was ${line.from})`;
      }
      return zh ? `被过继：父进程 ${line.from} → ${line.to}` : `re-parented: ppid ${line.from} → ${line.to}`;
    case 'signalled': {
      const sender = line.by === 0 ? (zh ? '内核' : 'the kernel') : (label(line.by) ?? (line.byName ? `${line.byName} · ${line.by}` : `pid ${line.by}`));
      return zh ? `收到 ${sender} 发来的 ${line.signal}（内核所见）` : `${line.signal} from ${sender} (seen by the kernel)`;
    }
    case 'input':
      return `> ${line.text}`;
    case 'truncated':
      return zh ? `输出被截断：丢弃 ${line.droppedBytes} 字节` : `output truncated: ${line.droppedBytes} bytes dropped`;
    case 'run-ended': {
      if (zh) {
        const code = line.exitCode === null ? '' : ` · 退出码 ${line.exitCode}`;
        const why = line.reason ? `（${REASON_ZH[line.reason] ?? line.reason}）` : '';
        const left = line.leftovers === 0 ? '无残留进程' : `残留 ${line.leftovers} 个进程`;
        return `运行${STATUS_ZH[line.status]}${why}${code} · ${line.processes} 个进程 · ${left}`;
      }
      const code = line.exitCode === null ? '' : ` · exit ${line.exitCode}`;
      const why = line.reason ? ` (${line.reason})` : '';
      const left = line.leftovers === 0 ? 'none left over' : `${line.leftovers} left over`;
      return `run ${line.status}${why}${code} · ${line.processes} processes · ${left}`;
    }
  }
}
