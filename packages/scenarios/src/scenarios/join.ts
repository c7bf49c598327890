import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, describe, exitMoment, linesEqual, mainEndedMoment, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { exitsAfterAll, firstLineQuestion } from '../questions/common-questions.js';
import { lineChoice } from '../questions/choices.js';

function lines(model: TimelineModel) {
  const root = rootProcess(model);
  const child = root && childrenOf(model, root.pid)[0];
  return {
    root,
    child,
    parent: root && linesEqual(outputLines(model, root.pid), '我是父进程')[0],
    childEnd: child && linesEqual(outputLines(model, child.pid), '我是子进程')[0],
  };
}

export const join = defineScenario({
  id: 'join',
  section: '4.2',
  title: { zh: 'join方法', en: 'The join method' },
  summary: {
    zh: '子进程打印 `hello bob`,睡 1 秒,再打印 我是子进程。主进程 start() 之后打印 我是父进程 —— 中间有没有 p.join()?',
    en: 'The child prints "hello bob", sleeps 1 s, prints "我是子进程". Main starts it and prints "我是父进程" — with or without p.join() in between?',
  },
  points: {
    zh: [
      '不 join(教程原样,p.join() 被注释掉):我是父进程 最先打印,主进程的代码马上结束。',
      '但主进程并没有马上退出:Python 在主进程代码结束时会 join 所有非守护子进程,所以主进程的通道一直延续到子进程结束。',
      'join=true:主进程在 join 里等待(等待段),子进程结束后才打印 我是父进程。',
    ],
    en: [
      'Without join (the seed as written; p.join() is commented out): "我是父进程" comes first and main\'s code ends at once.',
      "Yet main does not exit then: at the end of its code Python joins every non-daemon child, so main's lane lasts until the child ends.",
      'With join=true main waits inside join() (the waiting segment) and prints "我是父进程" only after the child ended.',
    ],
  },
  quote: {
    zh: 'p.join([timeout]):主线程等待p终止(强调:是主线程处于等的状态,而p是处于运行的状态)。',
    en: 'p.join([timeout]): the main thread waits for p to end (note: it is the main thread that waits, while p is running).',
  },
  params: [
    {
      name: 'join',
      type: 'boolean',
      default: false,
      label: { zh: '启用 p.join()', en: 'Enable p.join()' },
      help: { zh: '教程中 p.join() 被注释掉了(false)', en: 'The seed has p.join() commented out (false)' },
    },
  ],
  drivers: ['node', 'python'],
  questions: [
    firstLineQuestion('parent-or-child', { zh: '`我是父进程` 和 `我是子进程`,哪一行先打印?', en: 'Which comes first: `我是父进程` or `我是子进程`?' }, [
      { ...lineChoice('parent', '我是父进程'), matches: (l) => l.text.trimEnd() === '我是父进程' },
      { ...lineChoice('child', '我是子进程'), matches: (l) => l.text.trimEnd() === '我是子进程' },
    ]),
    {
      id: 'main-exit',
      text: { zh: '主进程的代码执行完以后,主进程什么时候退出?', en: "When main's code is done, when does the main process exit?" },
      choices: [
        { id: 'at-once', text: { zh: '立刻退出', en: 'At once' } },
        { id: 'after-child', text: { zh: '等子进程结束之后', en: 'After the child has ended' } },
      ],
      decide(model) {
        const { root, child } = lines(model);
        return exitsAfterAll(model, root, child ? [child] : [], 1, 'after-child', 'at-once');
      },
    },
  ],
  expectations: [
    {
      id: 'parent-line-first',
      text: { zh: '不 join:我是父进程 在 我是子进程 之前打印', en: 'Without join: "我是父进程" is printed before "我是子进程"' },
      appliesTo: ({ params }) => params.join !== true,
      check(model) {
        const { parent, childEnd } = lines(model);
        if (parent && (!childEnd || parent.seq < childEnd.seq)) return pass(parent);
        if (childEnd) return fail({ en: '"我是子进程" came first', zh: '"我是子进程" 先出现' }, childEnd);
        return pending();
      },
    },
    {
      id: 'main-code-ends-early',
      text: {
        zh: '不 join:主进程的代码在子进程结束前就结束了,但进程一直活到子进程结束',
        en: "Without join: main's code ends before the child ends, yet the process lives on until the child has ended",
      },
      appliesTo: ({ params }) => params.join !== true,
      check(model) {
        const { root, child } = lines(model);
        if (!root || !child) return pending();
        const ended = mainEndedMoment(model, root);
        if (!ended) return pending({ en: "main's code has not ended", zh: '主进程的代码还没结束' });
        if (child.exitedAt !== null && child.exitedAt < ended.t) return fail({ en: `${describe(child)} ended before main's code`, zh: `${describe(child)} 在主进程的代码之前结束` }, exitMoment(model, child));
        if (root.exitedAt === null || child.exitedAt === null) return pending();
        return root.exitedAt >= child.exitedAt ? pass(ended) : fail({ en: 'main exited before the child', zh: '主进程在子进程之前退出' }, exitMoment(model, root));
      },
    },
    {
      id: 'parent-line-after-join',
      text: { zh: 'join:主进程等子进程结束后才打印 我是父进程', en: 'With join: main prints "我是父进程" only after the child has ended' },
      appliesTo: ({ params }) => params.join === true,
      check(model) {
        const { root, child, parent, childEnd } = lines(model);
        if (!root || !child) return pending();
        const joined = model.arrows.find((a) => a.kind === 'join' && a.from === root.pid && a.to === child.pid);
        if (parent && (!childEnd || parent.seq < childEnd.seq)) return fail({ en: '"我是父进程" came before the child ended', zh: '"我是父进程" 出现在子进程结束之前' }, parent);
        if (!parent) return pending();
        if (!joined) return fail({ en: 'main never joined the child', zh: '主进程没有 join 子进程' }, parent);
        if (child.exitedAt === null || parent.t < child.exitedAt) return fail({ en: 'main printed before the child exited', zh: '子进程退出之前主进程就打印了' }, parent);
        return pass(parent);
      },
    },
    mainExitsLast(),
  ],
});
