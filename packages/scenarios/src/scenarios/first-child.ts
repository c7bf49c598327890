import { defineScenario } from '../define-scenario.js';
import { childCount, eachPrintedOnce, mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { bufferingParam, sleepParam } from './common-params.js';
import { exitsAfterAll, firstLineQuestion } from '../questions/common-questions.js';
import { lineChoice } from '../questions/choices.js';

export const firstChild = defineScenario({
  id: 'first-child',
  section: '4.1',
  title: { zh: '在Python中启动的第一个子进程', en: 'The first child process' },
  summary: {
    zh: '主进程用 Process(target=f, args=(\'bob\',)) 创建子进程并 start(),然后不等它,自己睡 1 秒再打印。',
    en: "Main creates a child with Process(target=f, args=('bob',)), starts it, and goes on without waiting: it sleeps 1 s, then prints.",
  },
  points: {
    zh: [
      'start() 立即返回:子进程的通道出现在主进程下方,两者同时存在。',
      '子进程打印完两行就结束了,比主进程那一行早约 1 秒。',
      '主进程的代码结束后还要等子进程(这里子进程早已结束),所以主进程最后退出。',
    ],
    en: [
      'start() returns at once: the child lane appears under main and both exist side by side.',
      "The child prints its two lines and ends about 1 s before main's line.",
      'When its code ends, main still waits for its children (here the child has long finished), so main exits last.',
    ],
  },
  quote: {
    zh: '在一个python进程中开启子进程,start方法和并发效果。',
    en: 'Starting a child process inside a Python process: the start method and concurrency.',
  },
  params: [sleepParam('mainSleep', 1, 1, 10, { zh: '主进程 sleep 秒数', en: 'Main sleeps (s)' }), bufferingParam()],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'node 的父进程在子进程结束时立即回收它(libuv 处理 SIGCHLD),所以主进程睡觉时子进程不会显示为僵尸;CPython 只在轮询时回收(SEMANTICS 规则 12),用 python 驱动运行可以看到僵尸状态。',
      en: 'A node parent reaps a child the moment it ends (libuv handles SIGCHLD), so the child shows no zombie stretch during main\'s sleep; CPython reaps only when it polls (SEMANTICS rule 12): run it with the python driver to see the zombie.',
    },
  },
  questions: [
    firstLineQuestion('first-line', { zh: '哪一行先打印出来?', en: 'Which line is printed first?' }, [
      { ...lineChoice('child', 'hello bob'), matches: (l) => l.text.trimEnd() === 'hello bob' },
      { ...lineChoice('main', '执行主进程的内容了'), matches: (l) => l.text.trimEnd() === '执行主进程的内容了' },
    ]),
    {
      id: 'last-exit',
      text: { zh: '主进程和子进程,谁最后退出?', en: 'Which exits last, main or the child?' },
      choices: [
        { id: 'main', text: { zh: '主进程', en: 'Main' } },
        { id: 'child', text: { zh: '子进程', en: 'The child' } },
      ],
      decide(model) {
        const root = rootProcess(model);
        return exitsAfterAll(model, root, root ? childrenOf(model, root.pid) : [], 1, 'main', 'child');
      },
    },
  ],
  expectations: [
    childCount(() => 1, { zh: '主进程恰好启动了一个子进程', en: 'Main starts exactly one child' }),
    {
      id: 'child-prints',
      text: { zh: '子进程各打印一次 `hello bob` 和 我是子进程', en: 'The child prints "hello bob" and "我是子进程" once each' },
      check(model, { final }) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!child) return final ? fail({ en: 'no child process', zh: '没有子进程' }) : pending();
        const first = eachPrintedOnce(model, [child], () => 'hello bob', final);
        return first.status === 'pass' ? eachPrintedOnce(model, [child], () => '我是子进程', final) : first;
      },
    },
    {
      id: 'main-does-not-wait',
      text: {
        zh: '主进程没有等子进程:它睡完就打印“执行主进程的内容了”,此前从未 join(子进程通常早已结束)',
        en: 'Main does not wait for the child: it prints "执行主进程的内容了" after its own sleep, without joining first (the child has usually long finished)',
      },
      check(model, { final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const mainLine = linesEqual(outputLines(model, root.pid), '执行主进程的内容了')[0];
        const join = model.arrows.find((a) => a.kind === 'join' && a.from === root.pid);
        if (join && (!mainLine || join.seq < mainLine.seq)) return fail({ en: 'main joined the child before its line', zh: '主进程在打印之前就 join 了子进程' }, { seq: join.seq, t: join.t });
        if (!mainLine) return final ? fail({ en: 'main never printed its line', zh: '主进程没有打印它的那一行' }) : pending({ en: "main has not printed its line", zh: '主进程还没打印它的那一行' });
        return pass(mainLine);
      },
    },
    mainExitsLast(),
  ],
});
