import { defineScenario } from '../define-scenario.js';
import { childCount, eachPrintedOnce, mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, linesEqual, outputLines, rootProcess, type OutputLine } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { countParam, startMethodParam } from './common-params.js';
import { startOrderQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';

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
  questions: [
    {
      id: 'ppid',
      text: { zh: '每个子进程打印的 `父进程id` 是谁的 pid?', en: 'Whose pid does each child print as 父进程id (its parent pid)?' },
      choices: [
        { id: 'main', text: { zh: '主进程的', en: "Main's" } },
        { id: 'self', text: { zh: '它自己的', en: 'Its own' } },
        { id: 'other', text: { zh: '另一个进程的', en: "Another process's" } },
      ],
      decide(model, { params }) {
        const root = rootProcess(model);
        if (!root) return waiting();
        const kids = childrenOf(model, root.pid);
        if (kids.length < Number(params.count)) return waiting();
        const kinds = new Set<string>();
        let last: OutputLine | undefined;
        for (const kid of kids) {
          const line = outputLines(model, kid.pid).find((l) => /父进程id : \d+/.test(l.text));
          if (!line) return waiting();
          const ppid = Number(/父进程id : (\d+)/.exec(line.text)![1]);
          kinds.add(ppid === root.pid ? 'main' : ppid === kid.pid ? 'self' : 'other');
          if (!last || line.seq > last.seq) last = line;
        }
        return kinds.size === 1 ? answered([...kinds][0]!, last) : answered(null, last, { en: 'the children printed different kinds of parent', zh: '子进程打印的父进程各不相同' });
      },
    },
    startOrderQuestion('start-order', { zh: '子进程会按启动的顺序打印吗?', en: 'Will the children print in the order they were started?' }, (model, { params }) => {
      const root = rootProcess(model);
      const kids = root ? childrenOf(model, root.pid) : [];
      return kids.length >= Number(params.count) ? kids : null;
    }),
  ],
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
