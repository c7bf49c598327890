import { defineScenario } from '../define-scenario.js';
import { mainExitsLast, neverPrinted } from '../expectations/common-facts.js';
import { childrenOf, errorMatching, exitMoment, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { exitCodeQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';
import { spawnMoment } from '../expectations/common-facts.js';

const DAEMON_CHILDREN = /daemonic processes are not allowed to have children/i;

export const daemonNoChildren = defineScenario({
  id: 'daemon-no-children',
  section: '5',
  title: { zh: '守护进程内无法再开启子进程', en: 'A daemon may not start children' },
  summary: {
    zh: '守护进程在自己的任务里再创建一个 Process 并 start():start() 抛出异常,守护进程以退出码 1 结束。',
    en: 'A daemon creates a Process of its own and calls start(): start() throws, and the daemon ends with exit code 1.',
  },
  points: {
    zh: [
      '守护进程的 start() 抛出 “`daemonic processes are not allowed to have children`”,孙进程根本没有被创建。',
      '这是守护进程里一个未捕获的异常:它打印错误并以退出码 1 结束。',
      '主进程不受影响,join 之后读到 exitcode 为 1。',
    ],
    en: [
      'The daemon\'s start() throws "daemonic processes are not allowed to have children": no grandchild is ever created.',
      'It is an uncaught error in the daemon: it prints the error and ends with exit code 1.',
      'Main is not affected; after join() it reads exitcode 1.',
    ],
  },
  quote: {
    zh: '其二:守护进程内无法再开启子进程,否则抛出异常:`AssertionError: daemonic processes are not allowed to have children`',
    en: 'Second: a daemon cannot start processes of its own; trying raises AssertionError: daemonic processes are not allowed to have children',
  },
  params: [],
  drivers: ['node', 'python'],
  questions: [
    {
      id: 'start-in-daemon',
      text: { zh: '守护进程在自己里面创建一个进程并调用 `start()`,会怎样?', en: 'The daemon creates a process of its own and calls `start()`. What happens?' },
      choices: [
        { id: 'grandchild', text: { zh: '孙进程启动了', en: 'A grandchild process starts' } },
        { id: 'error', text: { zh: '`start()` 抛出错误', en: '`start()` raises an error' } },
      ],
      decide(model) {
        const root = rootProcess(model);
        const d = root && childrenOf(model, root.pid).find((p) => p.daemon);
        if (!d) return waiting();
        const grandchild = childrenOf(model, d.pid)[0];
        if (grandchild) return answered('grandchild', spawnMoment(model, grandchild));
        // The error as reported, or its traceback on stderr, whichever came first.
        const reported = model.processes[d.pid]?.error;
        const traceback = outputLines(model, d.pid).find((l) => l.stream === 'stderr' && DAEMON_CHILDREN.test(l.text));
        const error = [reported && DAEMON_CHILDREN.test(reported.message) ? { seq: reported.seq, t: reported.t } : undefined, traceback].filter((m) => m !== undefined).sort((a, b) => a.seq - b.seq)[0];
        if (error) return answered('error', error);
        return d.exitedAt === null ? waiting() : answered(null, exitMoment(model, d), { en: 'the daemon ended without starting one and without that error', zh: '守护进程结束了,既没有启动孙进程,也没有报那个错误' });
      },
    },
    exitCodeQuestion('daemon-exit', { zh: '守护进程的退出码是多少?', en: 'What exit code will the daemon have?' }, [0, 1, -15], (model) => {
      const root = rootProcess(model);
      return root && childrenOf(model, root.pid).find((p) => p.daemon);
    }),
    exitCodeQuestion('main-exit', { zh: '主进程的退出码是多少?', en: 'What exit code will main have?' }, [0, 1], (model) => rootProcess(model)),
  ],
  expectations: [
    {
      id: 'start-fails',
      text: {
        zh: '守护进程的 start() 失败:`daemonic processes are not allowed to have children`',
        en: "The daemon's start() fails: daemonic processes are not allowed to have children",
      },
      check(model, { final }) {
        const root = rootProcess(model);
        const d = root && childrenOf(model, root.pid).find((p) => p.daemon);
        if (!d) return final ? fail({ en: 'no daemon child', zh: '没有守护子进程' }) : pending();
        const error = errorMatching(model, d.pid, DAEMON_CHILDREN);
        if (error) return pass(error);
        return d.exitedAt !== null ? fail({ en: 'the daemon ended without that error', zh: '守护进程结束时没有出现那个错误' }, exitMoment(model, d)) : pending();
      },
    },
    {
      id: 'no-grandchild',
      text: { zh: '没有孙进程被创建', en: 'No grandchild is created' },
      check(model, { final }) {
        const root = rootProcess(model);
        const d = root && childrenOf(model, root.pid).find((p) => p.daemon);
        if (!d) return final ? fail({ en: 'no daemon child', zh: '没有守护子进程' }) : pending();
        const grandchild = childrenOf(model, d.pid)[0];
        if (grandchild) return fail({ en: `the daemon started ${grandchild.name}`, zh: `守护进程启动了 ${grandchild.name}` }, { t: grandchild.spawnedAt });
        return d.exitedAt !== null ? pass(exitMoment(model, d)) : pending();
      },
    },
    {
      id: 'daemon-exit-1',
      text: { zh: '守护进程以退出码 1 结束', en: 'The daemon ends with exit code 1' },
      check(model, { final }) {
        const root = rootProcess(model);
        const d = root && childrenOf(model, root.pid).find((p) => p.daemon);
        if (!d) return final ? fail({ en: 'no daemon child', zh: '没有守护子进程' }) : pending();
        if (d.exitedAt === null) return pending();
        return d.exitCode === 1 ? pass(exitMoment(model, d)) : fail({ en: `exit code ${String(d.exitCode)}`, zh: `退出码 ${String(d.exitCode)}` }, exitMoment(model, d));
      },
    },
    neverPrinted('rest-skipped', '这一行不会执行', { zh: 'start() 之后的 这一行不会执行 从未打印', en: '"这一行不会执行", the line after start(), is never printed' }),
    {
      id: 'main-unaffected',
      text: { zh: '主进程不受影响,正常结束(退出码 0)', en: 'Main is not affected and ends normally (exit code 0)' },
      check(model) {
        const root = rootProcess(model);
        if (!root || root.exitedAt === null) return pending();
        return root.exitCode === 0 ? pass(exitMoment(model, root)) : fail({ en: `main exited with ${String(root.exitCode)}`, zh: `主进程的退出码是 ${String(root.exitCode)}` }, exitMoment(model, root));
      },
    },
    mainExitsLast(),
  ],
});
