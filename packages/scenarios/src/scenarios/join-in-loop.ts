import { defineScenario } from '../define-scenario.js';
import { childCount, mainExitsLast } from '../expectations/common-facts.js';
import { countParam } from './common-params.js';
import { allOverlap, eachSaysHello, oneAfterAnother, parentLineLast, parentLineWhileChildrenRun } from './hello-bob-facts.js';
import { overlapDecision } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';
import { childrenOf, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';

export const joinInLoop = defineScenario({
  id: 'join-in-loop',
  section: '4.5',
  title: { zh: '多个进程同时运行,再谈join方法(1)', en: 'Several processes, join again (1): join inside the loop' },
  summary: {
    zh: '教程把 p.join() 写在了 `for` 循环里面:每启动一个子进程就等它结束,再启动下一个。',
    en: 'The seed puts p.join() inside the for loop: each child is waited for before the next one is started.',
  },
  points: {
    zh: [
      'join=each(教程原样):子进程一个接一个,每个约 1 秒,总共约 5 秒 —— 并发没有了。',
      'join=after-loop(教程注释里的 `[p.join() for p in p_lst]`):5 个子进程同时运行,约 1 秒后父进程才打印。',
      'join=none:父进程不等,父进程在执行 在子进程还在睡的时候就打印了。',
    ],
    en: [
      'join=each (the seed): the children run one after another, about 1 s each, 5 s in all — the concurrency is gone.',
      'join=after-loop (the seed\'s commented-out "[p.join() for p in p_lst]"): all 5 run at once, and the parent prints after about 1 s.',
      'join=none: the parent does not wait; "父进程在执行" is printed while the children are still sleeping.',
    ],
  },
  quote: {
    zh: '多个进程可以实现并发效果,也就是说,当我们的程序中存在多个进程的时候,在某些时候,就会让程序的执行速度变快。',
    en: 'Several processes give concurrency: when a program has several processes, it can sometimes run faster.',
  },
  params: [
    countParam(),
    {
      name: 'join',
      type: 'enum',
      values: ['each', 'after-loop', 'none'],
      default: 'each',
      label: { zh: 'join 的位置', en: 'Where to join' },
      help: {
        zh: 'each:循环内(教程);after-loop:循环后全部 join;none:不 join',
        en: 'each: inside the loop (the seed); after-loop: join all after the loop; none: no join',
      },
    },
  ],
  drivers: ['node', 'python'],
  questions: [
    {
      id: 'together',
      text: { zh: '每个子进程都睡 1 秒。它们是同时运行,还是一个接一个?', en: 'Each child sleeps 1 s. Do they run at the same time, or one after another?' },
      choices: [
        { id: 'together', text: { zh: '同时运行:总共约 1 秒', en: 'At the same time: about 1 s in all' } },
        { id: 'one-by-one', text: { zh: '一个接一个:每个约 1 秒', en: 'One after another: about 1 s each' } },
      ],
      decide(model, { params }) {
        const root = rootProcess(model);
        return root ? overlapDecision(model, childrenOf(model, root.pid), Number(params.count)) : waiting();
      },
    },
    {
      id: 'parent-line',
      text: { zh: '`父进程在执行` 什么时候打印?', en: 'When is `父进程在执行` printed?' },
      choices: [
        { id: 'before', text: { zh: '在任何子进程结束之前', en: 'Before any child has ended' } },
        { id: 'between', text: { zh: '一些子进程结束之后,另一些结束之前', en: 'After some children ended, before others' } },
        { id: 'after', text: { zh: '所有子进程都结束之后', en: 'After every child has ended' } },
      ],
      decide(model, { params }) {
        const root = rootProcess(model);
        const line = root && linesEqual(outputLines(model, root.pid), '父进程在执行')[0];
        if (!root || !line) return waiting();
        const ended = childrenOf(model, root.pid).filter((p) => p.exitedAt !== null && p.exitedAt <= line.t).length;
        return answered(ended === 0 ? 'before' : ended >= Number(params.count) ? 'after' : 'between', line);
      },
    },
  ],
  expectations: [
    childCount((p) => Number(p.count), { zh: '主进程启动了 `count` 个子进程', en: 'Main starts `count` children' }),
    eachSaysHello,
    { ...oneAfterAnother, appliesTo: ({ params }) => params.join === 'each' },
    { ...allOverlap, appliesTo: ({ params }) => params.join !== 'each' },
    { ...parentLineLast, appliesTo: ({ params }) => params.join !== 'none' },
    { ...parentLineWhileChildrenRun, appliesTo: ({ params }) => params.join === 'none' },
    mainExitsLast(),
  ],
});
