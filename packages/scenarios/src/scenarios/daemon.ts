import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, describe, exitMoment, firstMarker, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { sleepParam } from './common-params.js';
import { exitCodeQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';

export const daemon = defineScenario({
  id: 'daemon',
  section: '5.1',
  title: { zh: '守护进程的启动', en: 'Starting a daemon process' },
  summary: {
    zh: '`Myprocess` 的对象 p 设为 `daemon=True` 后 start();它的 run() 打印两行就结束了,主进程睡 10 秒后打印 主。',
    en: 'A Myprocess object p is made daemon=True and started; its run() prints two lines and ends, while main sleeps 10 s, then prints "主".',
  },
  points: {
    zh: [
      'daemon 必须在 start() 之前设置;通道上标着 daemon。',
      '守护进程的 run() 很快就结束了,退出码 0:它不是被杀死的,而是自己结束的。',
      '用 CPython 运行时,它结束后作为僵尸进程(Z)一直留到主进程退出:父进程在睡觉,没人回收它。',
    ],
    en: [
      'daemon must be set before start(); the lane is marked daemon.',
      "The daemon's run() ends quickly with exit code 0: nobody killed it, it simply finished.",
      'Under CPython it then stays a zombie (Z) until main exits: its parent is asleep and does not reap it.',
    ],
  },
  quote: {
    zh: 'p.daemon:默认值为False,如果设为True,代表p为后台运行的守护进程,当p的父进程终止时,p也随之终止,并且设定为True后,p不能创建自己的新进程,必须在p.start()之前设置',
    en: "p.daemon: False by default. If set to True, p is a daemon running in the background: when p's parent ends, p ends too; once True, p cannot create processes of its own. It must be set before p.start()",
  },
  params: [sleepParam('mainSleep', 10, 3, 30, { zh: '主进程 sleep 秒数', en: 'Main sleeps (s)' })],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'node 的父进程会立即回收结束的子进程,所以这里看不到僵尸状态;用 python 驱动运行可以看到它。',
      en: 'A node parent reaps a finished child at once, so no zombie shows here; run it with the python driver to see one.',
    },
  },
  questions: [
    {
      id: 'how-it-ends',
      text: { zh: '守护进程 `Myprocess-1` 是怎样结束的?', en: 'How does the daemon `Myprocess-1` end?' },
      choices: [
        { id: 'by-itself', text: { zh: '跑完 `run()` 自己结束', en: 'It finishes `run()` and ends by itself' } },
        { id: 'killed', text: { zh: '主进程代码结束时被终止', en: "It is killed when main's code ends" } },
      ],
      decide(model) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!child) return waiting();
        const kill = firstMarker(model, child.pid, 'daemon-kill');
        if (kill) return answered('killed', kill);
        return child.exitedAt === null ? waiting() : answered('by-itself', exitMoment(model, child));
      },
    },
    exitCodeQuestion('exit-code', { zh: '守护进程的退出码是多少?', en: 'What exit code will the daemon have?' }, [0, -15, 1], (model) => {
      const root = rootProcess(model);
      return root && childrenOf(model, root.pid)[0];
    }),
  ],
  expectations: [
    {
      id: 'daemon-flag',
      text: { zh: '子进程名为 Myprocess-1,是守护进程', en: 'The child is named Myprocess-1 and is a daemon' },
      check(model, { final }) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        if (!child.daemon) return fail({ en: `${describe(child)} is not a daemon`, zh: `${describe(child)} 不是守护进程` });
        if (child.name !== 'Myprocess-1') return fail({ en: `the child is named ${child.name}`, zh: `子进程名为 ${child.name}` });
        return pass({ t: child.spawnedAt });
      },
    },
    {
      id: 'daemon-prints',
      text: {
        zh: '守护进程打印 <pid> Myprocess-1 和 哪吒正在和女主播聊天',
        en: 'The daemon prints "<pid> Myprocess-1" and "哪吒正在和女主播聊天"',
      },
      check(model, { final }) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const lines = outputLines(model, child.pid);
        const a = linesEqual(lines, `${child.pid} ${child.name}`)[0];
        const b = linesEqual(lines, '哪吒正在和女主播聊天')[0];
        if (a && b) return pass(b.seq > a.seq ? b : a);
        return child.exitedAt !== null || final ? fail({ en: 'the daemon did not print both lines', zh: '守护进程没有打印两行' }, exitMoment(model, child)) : pending();
      },
    },
    {
      id: 'daemon-ends-by-itself',
      text: {
        zh: '守护进程自己结束:退出码 0,没有被杀死,它的输出都在 主 之前',
        en: 'The daemon ends by itself: exit code 0, nobody kills it, and all its output comes before "主"',
      },
      check(model, { final }) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!root || !child) return final ? fail({ en: 'no daemon', zh: '没有守护进程' }) : pending();
        const kill = firstMarker(model, child.pid, 'daemon-kill');
        if (kill) return fail({ en: 'the daemon was killed', zh: '守护进程被终止了' }, kill);
        const main = linesEqual(outputLines(model, root.pid), '主')[0];
        const last = outputLines(model, child.pid).at(-1);
        if (main && last && last.seq > main.seq) return fail({ en: 'the daemon printed after "主"', zh: '守护进程在 "主" 之后还有打印' }, last);
        if (child.exitedAt === null || !main) return pending();
        if (child.exitCode !== 0) return fail({ en: `the daemon exited with ${String(child.exitCode)}`, zh: `守护进程的退出码是 ${String(child.exitCode)}` }, exitMoment(model, child));
        return pass(exitMoment(model, child));
      },
    },
    mainExitsLast(),
  ],
});
