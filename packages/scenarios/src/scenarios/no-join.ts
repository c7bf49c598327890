import { defineScenario } from '../define-scenario.js';
import { childCount, mainExitsLast } from '../expectations/common-facts.js';
import { countParam } from './common-params.js';
import { allOverlap, eachSaysHello, parentLineWhileChildrenRun } from './hello-bob-facts.js';
import { exitsAfterAll } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';
import { yesNo } from '../questions/choices.js';
import { childrenOf, outputLines, rootProcess } from '../expectations/timeline-queries.js';

export const noJoin = defineScenario({
  id: 'no-join',
  section: '4.6',
  title: { zh: '多个进程同时运行,再谈join方法(2)', en: 'Several processes, join again (2): no join' },
  summary: {
    zh: '同样启动 5 个子进程,但 join 那一行被注释掉了:父进程直接打印 父进程在执行。',
    en: 'The same 5 children, but the join line is commented out: the parent prints "父进程在执行" straight away.',
  },
  points: {
    zh: [
      '父进程在执行 出现在子进程还在运行的时候;它在 `hello bob` 之间的位置每次不同。',
      '5 条子进程通道重叠:并发。',
      '父进程的代码早就结束了,但进程在最后一个子进程结束后才退出。',
    ],
    en: [
      '"父进程在执行" appears while the children are still running; where it falls among the "hello bob" lines varies.',
      'The 5 child lanes overlap: concurrency.',
      "The parent's code ended long before, but the process exits only after the last child has ended.",
    ],
  },
  quote: {
    zh: 'p.start():启动进程,并调用该子进程中的p.run()',
    en: 'p.start(): starts the process, which calls p.run() in the child',
  },
  params: [countParam()],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'node 的子进程是全新的运行时(像 Python 的 spawn)。前两个子进程取自主进程准备好的待命进程,约 2 毫秒就开始运行(像 fork);后三个要启动新的 Node(这台服务器上中位数约 90 毫秒,负载约 4;空闲时约 30 毫秒)。所以 父进程在执行 多数排在第 3 位(10 次中 9 次,1 次第 5 位),从不在最前面;CPython 用 fork 时它在第 2 到第 6 位之间,30 次中从未排第一。',
      en: 'A node child is a fresh runtime (like Python\'s spawn). The first two children come from standbys the root prepared and run within ~2 ms (like a fork); the other three start a new Node (median ~90 ms on this server at load average ~4, ~30 ms when quiet). So "父进程在执行" comes third in most runs (9 of 10 here; fifth once), never first; under CPython\'s fork it falls 2nd to 6th, and was never first in 30 runs.',
    },
  },
  questions: [
    {
      id: 'parent-first',
      text: { zh: '`父进程在执行` 会是打印出来的第一行吗?', en: 'Will `父进程在执行` be the first line printed?' },
      varies: true,
      choices: yesNo(),
      decide(model) {
        const root = rootProcess(model);
        const first = outputLines(model).find((l) => l.stream === 'stdout');
        if (!root || !first) return waiting();
        return answered(first.pid === root.pid && first.text.trimEnd() === '父进程在执行' ? 'yes' : 'no', first);
      },
    },
    {
      id: 'main-exit',
      text: { zh: '父进程打印完,它的代码就结束了。它什么时候退出?', en: 'Once the parent has printed, its code is done. When does it exit?' },
      choices: [
        { id: 'at-once', text: { zh: '立刻退出', en: 'At once' } },
        { id: 'after-children', text: { zh: '最后一个子进程结束之后', en: 'After the last child has ended' } },
      ],
      decide(model, { params }) {
        const root = rootProcess(model);
        return exitsAfterAll(model, root, root ? childrenOf(model, root.pid) : [], Number(params.count), 'after-children', 'at-once');
      },
    },
  ],
  expectations: [
    childCount((p) => Number(p.count), { zh: '主进程启动了 `count` 个子进程', en: 'Main starts `count` children' }),
    eachSaysHello,
    allOverlap,
    parentLineWhileChildrenRun,
    mainExitsLast(),
  ],
});
