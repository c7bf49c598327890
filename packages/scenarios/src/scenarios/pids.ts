import { defineScenario } from '../define-scenario.js';
import { childCount, eachPrintedOnce, mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { countParam, startMethodParam } from './common-params.js';

export const pids = defineScenario({
  id: 'pids',
  section: '4.3',
  title: { zh: '查看主进程和子进程的进程号', en: 'Process ids of main and children' },
  summary: {
    zh: '主进程打印自己的 pid,然后启动 5 个子进程;每个子进程打印 os.getpid() 和 os.getppid()。',
    en: 'Main prints its pid, then starts 5 children; each child prints os.getpid() and os.getppid().',
  },
  points: {
    zh: [
      '每个子进程的 `父进程id` 都等于主进程的 pid:它们都是主进程创建的。',
      '时间线上每个通道的标签就是真实的 pid,和打印出来的数字一致。',
      '子进程打印的顺序每次运行都可能不同:由调度器决定,而不是启动顺序。',
    ],
    en: [
      "Every child's 父进程id (parent pid) equals main's pid: main created them all.",
      'Each lane is labelled with the real pid, the same number the process prints.',
      'The order in which the children print changes from run to run: the scheduler decides, not the start order.',
    ],
  },
  quote: { zh: '所有的进程都是通过它的父进程来创建的。', en: 'Every process is created by its parent process.' },
  params: [countParam(), startMethodParam()],
  drivers: ['node', 'python'],
  expectations: [
    {
      id: 'main-pid-first',
      text: { zh: '主进程先打印 `主进程id : <自己的 pid>`', en: 'Main first prints "主进程id : <its own pid>"' },
      check(model) {
        const root = rootProcess(model);
        if (!root) return pending();
        const all = outputLines(model);
        const mine = linesEqual(all, `主进程id : ${root.pid}`)[0];
        if (!mine) return all.length > 0 ? fail({ en: `the first line was "${all[0]!.text}"`, zh: `第一行是 "${all[0]!.text}"` }, all[0]) : pending();
        return all[0] === mine ? pass(mine) : fail({ en: 'a child printed before main', zh: '有子进程在主进程之前打印' }, all[0]);
      },
    },
    childCount((p) => Number(p.count), { zh: '主进程启动了 `count` 个子进程', en: 'Main starts `count` children' }),
    {
      id: 'children-print-pids',
      text: {
        zh: '每个子进程恰好打印一次 `子进程id : <自己的 pid> 父进程id : <主进程 pid>`(顺序不定)',
        en: 'Each child prints "子进程id : <its pid> 父进程id : <main\'s pid>" exactly once (in any order)',
      },
      appliesTo: ({ params }) => params.startMethod !== 'forkserver',
      check(model, { params, final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const kids = childrenOf(model, root.pid);
        if (kids.length < Number(params.count)) return final ? fail({ en: `only ${kids.length} children`, zh: `只有 ${kids.length} 个子进程` }) : pending();
        return eachPrintedOnce(model, kids, (p) => `子进程id : ${p.pid} 父进程id : ${root.pid}`, final);
      },
    },
    {
      id: 'forkserver-parent',
      text: {
        zh: 'forkserver 方式下,每个子进程打印的 `父进程id` 是 fork 服务进程(主进程创建的一个进程),不是主进程',
        en: "Under forkserver, the 父进程id each child prints is the fork server's (a process main created), not main's",
      },
      appliesTo: ({ params, driver }) => driver === 'python' && params.startMethod === 'forkserver',
      check(model, { params, final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const kids = childrenOf(model, root.pid);
        if (kids.length < Number(params.count)) return final ? fail({ en: `only ${kids.length} children`, zh: `只有 ${kids.length} 个子进程` }) : pending();
        for (const kid of kids) {
          const server = model.processes[kid.osPpid];
          if (kid.osPpid === root.pid || !server || server.ppid !== root.pid) return fail({ en: `${kid.name} (pid ${kid.pid}) has OS parent ${kid.osPpid}`, zh: `${kid.name} (pid ${kid.pid}) 的系统父进程是 ${kid.osPpid}` });
        }
        return eachPrintedOnce(model, kids, (p) => `子进程id : ${p.pid} 父进程id : ${p.osPpid}`, final);
      },
    },
    mainExitsLast(),
  ],
});
