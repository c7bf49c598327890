import { defineScenario } from '../define-scenario.js';
import { childCount, mainExitsLast } from '../expectations/common-facts.js';
import { outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { countParam } from './common-params.js';
import { allOverlap, eachSaysHello } from './hello-bob-facts.js';
import { overlapDecision, startOrderQuestion } from '../questions/common-questions.js';
import { waiting } from '../questions/decision.js';
import { childrenOf } from '../expectations/timeline-queries.js';

export const many = defineScenario({
  id: 'many',
  section: '4.4',
  title: { zh: '多个进程同时运行', en: 'Several processes at once' },
  summary: {
    zh: '主进程在循环里启动 5 个子进程,每个打印 `hello bob` 后睡 1 秒。主进程自己什么也不打印。',
    en: 'Main starts 5 children in a loop; each prints "hello bob" and sleeps 1 s. Main prints nothing itself.',
  },
  points: {
    zh: [
      '5 条子进程通道重叠在一起:它们是同时运行的,总共约 1 秒,而不是 5 秒。',
      '`hello bob` 的顺序不一定是启动顺序。',
      '主进程的代码很快就结束了,但进程要等到最后一个子进程结束才退出。',
    ],
    en: [
      'The 5 child lanes overlap: they run at the same time, about 1 s in all rather than 5 s.',
      'The "hello bob" lines need not come in start order.',
      "Main's code ends almost at once, but the process exits only after the last child has ended.",
    ],
  },
  quote: {
    zh: '进阶,多个进程同时运行(注意,子进程的执行顺序不是根据启动顺序决定的)',
    en: "Going further: several processes running at once (note: the children's order of execution is not decided by the order they were started)",
  },
  params: [countParam()],
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
    startOrderQuestion('start-order', { zh: '`hello bob` 会按子进程启动的顺序打印吗?', en: 'Will the children print `hello bob` in the order they were started?' }, (model, { params }) => {
      const root = rootProcess(model);
      const kids = root ? childrenOf(model, root.pid) : [];
      return kids.length >= Number(params.count) ? kids : null;
    }),
  ],
  expectations: [
    childCount((p) => Number(p.count), { zh: '主进程启动了 `count` 个子进程', en: 'Main starts `count` children' }),
    eachSaysHello,
    allOverlap,
    {
      id: 'main-silent',
      text: { zh: '主进程自己不打印任何内容', en: 'Main prints nothing itself' },
      check(model, { final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const line = outputLines(model, root.pid)[0];
        if (line) return fail({ en: `main printed "${line.text}"`, zh: `主进程打印了 "${line.text}"` }, line);
        return final ? pass() : pending();
      },
    },
    mainExitsLast(),
  ],
});
