import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast, neverPrinted } from '../expectations/common-facts.js';
import { childrenOf, describe, exitMoment, firstMarker, linesEqual, mainEndedMoment, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { sleepParam } from './common-params.js';
import { exitCodeQuestion, firstLineQuestion, printedQuestion } from '../questions/common-questions.js';
import { lineChoice } from '../questions/choices.js';

function procs(model: TimelineModel) {
  const root = rootProcess(model);
  const kids = root ? childrenOf(model, root.pid) : [];
  return { root, p1: kids.find((p) => p.daemon), p2: kids.find((p) => !p.daemon) };
}

export const daemonKilledAtMainEnd = defineScenario({
  id: 'daemon-killed-at-main-end',
  section: '5.2',
  title: { zh: '主进程代码执行结束守护进程立即结束', en: "Daemons end when main's code ends" },
  summary: {
    zh: 'p1(守护进程)打印 123,睡 1 秒后打印 end123;p2(普通进程)打印 456,睡 3 秒后打印 end456。主进程睡 0.1 秒后打印 main-------,代码就结束了。',
    en: 'p1 (a daemon) prints 123, sleeps 1 s, prints end123; p2 (not a daemon) prints 456, sleeps 3 s, prints end456. Main sleeps 0.1 s, prints "main-------", and its code ends.',
  },
  points: {
    zh: [
      '主进程的代码一结束(main-------之后),守护进程 p1 就被父进程用 SIGTERM 终止:退出码 −15,end123 永远不会打印。',
      '非守护进程 p2 不受影响:主进程等它跑完,打印 end456。',
      '所以主进程的代码在 0.1 秒就结束了,进程却在约 3 秒后、p2 结束后才退出。',
      '123 和 456 谁先打印每次不一定。',
    ],
    en: [
      'The moment main\'s code ends (after "main-------"), its parent sends the daemon p1 SIGTERM: exit code −15, and end123 is never printed.',
      'The non-daemon p2 is not affected: main waits for it, and it prints end456.',
      "So main's code ends at 0.1 s, but the process exits about 3 s later, after p2.",
      'Whether 123 or 456 comes first varies.',
    ],
  },
  quote: { zh: '其一:守护进程会在主进程代码执行结束后就终止', en: "First: a daemon process is terminated as soon as the main process's code has finished" },
  params: [sleepParam('mainSleep', 0.1, 0, 0.8, { zh: '主进程 sleep 秒数', en: 'Main sleeps (s)' })],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'node 的子进程是新的运行时(像 spawn),但 p1、p2 取自主进程在程序开始前就准备好的两个待命进程(`standby`):`start()` 到子进程第一条指令的中位数 1.8 毫秒(CPython fork 约 1.3 毫秒),所以 p1 在被终止前打印了 123(这台服务器上 10 次中 10 次,负载约 4);123 和 456 谁先打印不一定(7:3,CPython 8:2)。',
      en: "A node child is a fresh runtime (like spawn), but p1 and p2 come from two standbys the root prepared before its program ran: start() → the child's first instruction took a median of 1.8 ms (CPython's fork: ~1.3 ms), so p1 printed 123 before it was killed (10 of 10 runs on this server, at load average ~4); 123 or 456 first varies (7:3 here; CPython 8:2).",
    },
  },
  questions: [
    printedQuestion('end123', { zh: '守护进程 p1 睡完 1 秒后会打印 `end123` 吗?', en: 'Will the daemon p1 print `end123` after its 1 s sleep?' }, 'end123', (model) => procs(model).p1),
    exitCodeQuestion('p1-exit', { zh: '守护进程 p1 的退出码是多少?', en: 'What exit code will the daemon p1 have?' }, [0, -15, -9], (model) => procs(model).p1),
    printedQuestion('end456', { zh: '非守护进程 p2 会打印 `end456` 吗?', en: 'Will the non-daemon p2 print `end456`?' }, 'end456', (model) => procs(model).p2),
    firstLineQuestion(
      'first-line',
      { zh: '`123` 和 `456`,哪个先打印?', en: 'Which is printed first, `123` or `456`?' },
      [
        { ...lineChoice('123', '123'), matches: (l) => l.text.trimEnd() === '123' },
        { ...lineChoice('456', '456'), matches: (l) => l.text.trimEnd() === '456' },
      ],
      true,
    ),
  ],
  expectations: [
    {
      id: 'p1-killed-after-main-ended',
      text: {
        zh: '主进程代码结束(main-ended)之后,守护进程 p1 被父进程终止,退出码 −15(SIGTERM)',
        en: "After main's code ended (main-ended), the daemon p1 is killed by its parent: exit code −15 (SIGTERM)",
      },
      check(model) {
        const { root, p1 } = procs(model);
        if (!root || !p1) return pending();
        const kill = firstMarker(model, p1.pid, 'daemon-kill');
        const ended = mainEndedMoment(model, root);
        if (p1.exitedAt !== null && !kill) return fail({ en: `${describe(p1)} ended without being killed by its parent`, zh: `${describe(p1)} 结束了,但不是被父进程终止的` }, exitMoment(model, p1));
        if (!kill) return pending();
        if (!ended || kill.t < ended.t) return fail({ en: "p1 was killed before main's code ended", zh: '主进程的代码结束之前 p1 就被终止了' }, kill);
        if (p1.exitedAt === null) return pending();
        if (p1.exitCode !== -15) return fail({ en: `p1 exited with ${String(p1.exitCode)}`, zh: `p1 的退出码是 ${String(p1.exitCode)}` }, exitMoment(model, p1));
        return pass(kill);
      },
    },
    {
      id: 'p1-prints-123',
      text: {
        zh: 'p1 在被终止之前打印了 123:主进程睡的那 0.1 秒里,它已经在运行了',
        en: "p1 prints 123 before it is killed: it was already running during main's 0.1 s",
      },
      // With (almost) no sleep, main's code may end before p1 runs at all, under CPython too.
      appliesTo: ({ params }) => Number(params.mainSleep ?? 0.1) >= 0.1,
      check(model) {
        const { p1 } = procs(model);
        if (!p1) return pending();
        const line = linesEqual(outputLines(model, p1.pid), '123')[0];
        const kill = firstMarker(model, p1.pid, 'daemon-kill');
        if (line && (!kill || line.t <= kill.t)) return pass(line);
        if (kill && p1.exitedAt !== null) return fail({ en: 'p1 was killed before it printed 123', zh: 'p1 在打印 123 之前就被终止了' }, kill);
        return pending();
      },
    },
    neverPrinted('no-end123', 'end123', { zh: 'end123 从未打印', en: 'end123 is never printed' }),
    {
      id: 'p2-end456',
      text: { zh: '非守护进程 p2 跑完,打印 end456,退出码 0', en: 'The non-daemon p2 runs to the end: it prints end456 and exits 0' },
      check(model, { final }) {
        const { p2 } = procs(model);
        if (!p2) return final ? fail({ en: 'no p2', zh: '没有 p2' }) : pending();
        const line = linesEqual(outputLines(model, p2.pid), 'end456')[0];
        if (p2.exitedAt === null) return pending();
        if (!line) return fail({ en: 'p2 ended without printing end456', zh: 'p2 结束前没有打印 end456' }, exitMoment(model, p2));
        return p2.exitCode === 0 ? pass(line) : fail({ en: `p2 exited with ${String(p2.exitCode)}`, zh: `p2 的退出码是 ${String(p2.exitCode)}` }, exitMoment(model, p2));
      },
    },
    {
      id: 'main-line-before-kill',
      text: { zh: 'main------- 是主进程代码的最后一行,打印在 p1 被终止之前', en: '"main-------" is the last line of main\'s code, printed before p1 is killed' },
      check(model) {
        const { root, p1 } = procs(model);
        if (!root || !p1) return pending();
        const line = linesEqual(outputLines(model, root.pid), 'main-------')[0];
        const kill = firstMarker(model, p1.pid, 'daemon-kill');
        if (kill && (!line || line.seq > kill.seq)) return fail({ en: 'p1 was killed before "main-------"', zh: 'p1 在 "main-------" 之前就被终止了' }, kill);
        return line && kill ? pass(line) : pending();
      },
    },
    mainExitsLast(),
  ],
});
