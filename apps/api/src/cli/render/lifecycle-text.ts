// Lifecycle console lines (spawned, joined, killed, exited…) in the language the user asked for. The
// facts come from the reducer's `ConsoleLine.lifecycle`; only the words are chosen here.
import type { ConsoleLifecycle, ExitCause } from '@forkscope/core/events';
import { exitSignal } from '@forkscope/core/events';
import type { Lang } from '@forkscope/scenarios/catalogue';

/** `name·pid` of a process of the run, or null for one outside it (the root's parent: the supervisor). */
type Label = (pid: number) => string | null;

const CAUSE: Record<Lang, Record<ExitCause, string>> = {
  en: {
    returned: '',
    error: ' (uncaught error)',
    exit: '',
    terminated: ' (terminated)',
    killed: ' (killed)',
    'daemon-killed': " (daemon, its parent's code had ended)",
    signal: '',
    unknown: '',
  },
  zh: {
    returned: '',
    error: '(未捕获的异常)',
    exit: '',
    terminated: '(被 terminate)',
    killed: '(被 kill)',
    'daemon-killed': '(守护进程,父进程代码已结束)',
    signal: '',
    unknown: '',
  },
};

export function lifecycleLine(line: ConsoleLifecycle, label: Label, lang: Lang): string {
  const zh = lang === 'zh';
  const name = (pid: number): string => label(pid) ?? `pid ${pid}`;
  switch (line.kind) {
    case 'spawned': {
      const by = (line.by ? label(line.by) : null) ?? (zh ? '运行' : 'the run');
      const flags = `${line.daemon ? (zh ? ' · 守护进程' : ' · daemon') : ''}${line.discovered ? (zh ? ' · 由内核发现' : ' · discovered') : ''}`;
      return (zh ? `由 ${by} 创建` : `spawned by ${by}`) + flags;
    }
    case 'joined':
      if (line.timedOut) return zh ? `join(${name(line.target)}) 超时` : `join(${name(line.target)}) timed out`;
      return zh ? `join 到了 ${name(line.target)}` : `joined ${name(line.target)}`;
    case 'terminating':
      return zh ? `向 ${name(line.target)} 发送 ${line.signal}` : `sent ${line.signal} to ${name(line.target)}`;
    case 'alive-checked':
      return `is_alive(${name(line.target)}) → ${line.alive ? 'True' : 'False'}`;
    case 'daemon-killed':
      return zh ? `守护进程:${name(line.by)} 的代码已结束,发来 SIGTERM` : `daemon: SIGTERM from ${name(line.by)}, whose code had ended`;
    case 'exited': {
      const sig = exitSignal(line.exitCode, line.signal);
      const code = line.badge.split(' ')[0];
      const head = sig
        ? zh ? `被 ${sig} 结束 · 退出码 ${code}` : `killed by ${sig} · exit ${code}`
        : line.exitCode === null
          ? zh ? '已退出 · 退出码未知' : 'exited · code unknown'
          : zh ? `已退出 · 退出码 ${line.badge}` : `exited · ${line.badge}`;
      return head + CAUSE[lang][line.cause];
    }
    case 'reparented':
      return zh ? `被过继:父进程 ${line.from} → ${line.to}` : `re-parented: ppid ${line.from} → ${line.to}`;
    case 'input':
      return `> ${line.text}`;
    case 'truncated':
      return zh ? `输出被截断:丢弃 ${line.droppedBytes} 字节` : `output truncated: ${line.droppedBytes} bytes dropped`;
    case 'run-ended': {
      const code = line.exitCode === null ? '' : zh ? ` · 退出码 ${line.exitCode}` : ` · exit ${line.exitCode}`;
      const why = line.reason ? ` (${line.reason})` : '';
      const left = zh ? `残留进程 ${line.leftovers}` : line.leftovers === 0 ? 'none left over' : `${line.leftovers} left over`;
      return zh
        ? `运行${STATUS_ZH[line.status] ?? line.status}${why}${code} · ${line.processes} 个进程 · ${left}`
        : `run ${line.status}${why}${code} · ${line.processes} processes · ${left}`;
    }
  }
}

const STATUS_ZH: Record<string, string> = { completed: '完成', cancelled: '已取消', timeout: '超时', limit: '超出限制', failed: '失败' };
