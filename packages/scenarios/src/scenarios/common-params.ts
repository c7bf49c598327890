// Parameter specs several scenarios share.
import type { ParamSpec } from '../types.js';

/** How many child processes to start (the seed starts 5). */
export function countParam(defaultCount = 5): ParamSpec {
  return {
    name: 'count',
    type: 'integer',
    min: 1,
    max: 16,
    default: defaultCount,
    label: { zh: '子进程数', en: 'Child processes' },
  };
}

/** A sleep in seconds, as time.sleep() takes it. */
export function sleepParam(name: string, defaultSeconds: number, min: number, max: number, label: { zh: string; en: string }): ParamSpec {
  return { name, type: 'number', min, max, default: defaultSeconds, unit: 's', label };
}

/** How CPython buffers stdout (SEMANTICS rule 33): as in a terminal, into a pipe, or unbuffered (-u). */
export function bufferingParam(): ParamSpec {
  return {
    name: 'buffering',
    type: 'enum',
    values: ['tty', 'pipe', 'unbuffered'],
    default: 'tty',
    drivers: ['python'],
    label: { zh: '标准输出缓冲', en: 'stdout buffering' },
    help: {
      zh: '`tty`:像在终端里,每行 print 立即出现;`pipe`:输出到管道时的 `8 KiB` 块缓冲,输出在 start()、主代码结束和子进程退出时才出现,被杀死的进程的输出会丢失;`unbuffered`:python -u,print 的每一段各写一次。',
      en: "tty: as in a terminal, each print line appears at once; pipe: the 8 KiB block buffering of output into a pipe, so output appears only at start(), at the end of main's code and at a child's exit, and a killed process's output is lost; unbuffered: python -u, each piece of a print is its own write.",
    },
  };
}

/** CPython's start method (SEMANTICS rules 3 and 32): fork is Linux's default. */
export function startMethodParam(): ParamSpec {
  return {
    name: 'startMethod',
    type: 'enum',
    values: ['fork', 'spawn', 'forkserver'],
    default: 'fork',
    drivers: ['python'],
    label: { zh: '启动方式', en: 'Start method' },
    help: {
      zh: 'fork:复制父进程(Linux 默认);spawn:新解释器重新导入主模块,慢得多;forkserver:由 fork 服务进程创建子进程,子进程的 os.getppid() 是 fork 服务进程 而不是主进程。',
      en: "fork: a copy of the parent (Linux's default); spawn: a fresh interpreter re-imports the main module, much slower; forkserver: a fork server process creates the children, so a child's os.getppid() is the fork server, not main.",
    },
  };
}
