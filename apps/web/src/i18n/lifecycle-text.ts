// Lifecycle console lines in the reader's language. The reducer derives what happened
// (`ConsoleLine.lifecycle`) and core's `lifecycleText` words it in English; this adds the Chinese.

import { exitSignal, formatExit, lifecycleText, type ConsoleLifecycle, type ExitCause, type ProcessLabeler, type RunStatus } from '@forkscope/core/events';
import type { Lang } from './messages.js';

const CAUSE_ZH: Record<ExitCause, string> = {
  returned: '',
  error: '（未捕获的异常）',
  exit: '',
  terminated: '（被 terminate）',
  killed: '（被 kill）',
  'daemon-killed': '（守护进程，父进程的代码已结束）',
  signal: '',
  unknown: '',
};

const STATUS_ZH: Record<RunStatus, string> = {
  completed: '完成',
  cancelled: '已取消',
  timeout: '超时',
  limit: '触及限制',
  failed: '失败',
};

export function localLifecycleText(lang: Lang, line: ConsoleLifecycle, label: ProcessLabeler): string {
  if (lang === 'en') return lifecycleText(line, label);
  switch (line.kind) {
    case 'spawned':
      return `由 ${line.by ? label(line.by) : '本次运行'} 创建${line.daemon ? ' · 守护进程' : ''}${line.discovered ? ' · 由内核发现' : ''}`;
    case 'joined':
      return line.timedOut ? `join(${label(line.target)}) 超时` : `join(${label(line.target)}) 已返回`;
    case 'terminating':
      return `向 ${label(line.target)} 发送 ${line.signal}`;
    case 'alive-checked':
      return `is_alive(${label(line.target)}) → ${line.alive ? 'True' : 'False'}`;
    case 'daemon-killed':
      return `守护进程：${label(line.by)} 的代码已结束，收到 SIGTERM`;
    case 'exited': {
      const sig = exitSignal(line.exitCode, line.signal);
      const head = sig
        ? `被 ${sig} 终止 · 退出码 ${formatExit(line.exitCode, null)}`
        : line.exitCode === null
          ? '已退出 · 退出码未知'
          : `已退出 · ${line.badge}`;
      return head + CAUSE_ZH[line.cause];
    }
    case 'reparented':
      return `被重新挂接：ppid ${line.from} → ${line.to}`;
    case 'input':
      return `> ${line.text}`;
    case 'truncated':
      return `输出被截断：丢弃 ${line.droppedBytes} 字节`;
    case 'run-ended': {
      const code = line.exitCode === null ? '' : ` · 退出码 ${line.exitCode}`;
      const why = line.reason ? `（${line.reason}）` : '';
      const left = line.leftovers === 0 ? '无残留进程' : `残留 ${line.leftovers} 个进程`;
      return `运行${STATUS_ZH[line.status]}${why}${code} · ${line.processes} 个进程 · ${left}`;
    }
  }
}
