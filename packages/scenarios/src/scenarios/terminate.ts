import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, exitMoment, firstMarker, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { exitCodeQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';
import { lineChoice } from '../questions/choices.js';
import type { QuestionDef } from '../define-scenario.js';

function procs(model: TimelineModel) {
  const root = rootProcess(model);
  return { root, child: root ? childrenOf(model, root.pid)[0] : undefined };
}

/** main's printed is_alive() results: Python prints True/False, JavaScript true/false. */
function aliveLines(model: TimelineModel, pid: number) {
  return outputLines(model, pid).filter((l) => /^(true|false)$/i.test(l.text.trim()));
}

export const terminate = defineScenario({
  id: 'terminate',
  section: '7.1',
  title: { zh: '进程对象的其他方法:terminate和is_alive', en: 'terminate() and is_alive()' },
  summary: {
    zh: '主进程 start() 之后马上 terminate(),接着两次打印 is_alive(),中间打印 开始。',
    en: 'Main calls terminate() right after start(), then prints is_alive() twice with "开始" in between.',
  },
  points: {
    zh: [
      'terminate() 只是发出 SIGTERM 就返回了:子进程的退出(−15 SIGTERM)在时间线上出现得更晚。',
      '所以紧接着的 is_alive() 是 True —— 教程的注释也这么说。',
      '教程说第二个 is_alive() “结果为False”。其实这是一场竞赛:子进程被 SIGTERM 结束并被父进程 `waitpid` 看到之前,is_alive() 都是 True。在这台服务器上实测(python 驱动,CPython 3.11,带追踪,25 次):24 次 True、1 次 False(负载较高时);另一次在这台服务器上测得 25 次中 17 次 False。CPython 在终端里不带追踪(SEMANTICS §4 7.1):50 次中 41 次 True。所以两种结果都可能出现;时间线显示出退出真正发生的时刻,以及这一次打印了什么。',
      '子进程往往还没来得及执行 run() 就被终止了(这台服务器上:python 25 次中 25 次,node 25 次中 23 次);…还在和网红脸聊天 从来不会出现。',
    ],
    en: [
      'terminate() only sends SIGTERM and returns: the child\'s exit (−15 SIGTERM) appears later on the timeline.',
      'So the is_alive() right after it is True, as the seed\'s comment says.',
      'The seed says the second is_alive() gives False. It is a race: is_alive() is True until the child has died of SIGTERM and the parent\'s waitpid has seen it. Measured on this server (python driver, CPython 3.11, traced, 25 runs): True 24 times, False once (under load); another measurement here gave False in 17 of 25. CPython untraced in a terminal (SEMANTICS §4, 7.1): True in 41 of 50. So either can happen: the timeline shows when the exit really happened, and what this run printed.',
      'The child is usually ended before its run() even starts (on this server: python 25 of 25 runs, node 23 of 25); "…还在和网红脸聊天" never appears.',
    ],
  },
  quote: {
    zh: 'p1.terminate()#关闭进程,不会立即关闭,所以is_alive立刻查看的结果可能还是存活',
    en: 'p1.terminate() # ends the process, but not at once, so is_alive right away may still say alive',
  },
  params: [],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'node 的父进程要到事件循环的下一轮才会得知子进程退出,所以同步的两次 `is_alive()` 总是 `true`(这台服务器上 25 次中 25 次);CPython 的第二次有时是 False(见上面的实测)。',
      en: "A node parent learns of a child's exit only on a later turn of its event loop, so both synchronous is_alive() calls are always true (25 of 25 runs on this server); under CPython the second is sometimes False (see the measurements above).",
    },
  },
  questions: [
    aliveQuestion('first-alive', 0, { zh: '`terminate()` 之后立刻调用 `is_alive()`,打印的是什么?', en: 'Right after `terminate()`, what does `is_alive()` print?' }),
    aliveQuestion('second-alive', 1, { zh: '打印 `开始` 之后,第二次 `is_alive()` 打印的是什么?', en: 'After printing `开始`, what does the second `is_alive()` print?' }, true),
    exitCodeQuestion('exit-code', { zh: '子进程的退出码是多少?', en: 'What exit code will the child have?' }, [0, -15, -9], (model) => procs(model).child),
  ],
  expectations: [
    {
      id: 'terminated-later',
      text: {
        zh: '子进程以 −15(SIGTERM)结束,退出出现在 terminate() 调用之后:terminate() 是异步的',
        en: 'The child ends with −15 (SIGTERM), and its exit comes after the terminate() call: terminate() is asynchronous',
      },
      check(model) {
        const { root, child } = procs(model);
        if (!root || !child) return pending();
        const call = firstMarker(model, root.pid, 'terminate');
        if (child.exitedAt === null) return pending();
        if (!call) return fail({ en: 'main never called terminate()', zh: '主进程没有调用 terminate()' }, exitMoment(model, child));
        if (child.exitCode !== -15) return fail({ en: `the child exited with ${String(child.exitCode)}`, zh: `子进程的退出码是 ${String(child.exitCode)}` }, exitMoment(model, child));
        return child.exitedAt >= call.t ? pass(exitMoment(model, child)) : fail({ en: 'the exit came before terminate()', zh: '退出发生在 terminate() 之前' }, exitMoment(model, child));
      },
    },
    {
      id: 'alive-right-after',
      text: {
        zh: 'terminate() 之后立刻调用的 is_alive() 返回 True(两次都是)',
        en: 'is_alive() called right after terminate() returns True (both times)',
      },
      appliesTo: ({ driver }) => driver === 'node',
      check(model, { final }) {
        const { root } = procs(model);
        if (!root) return pending();
        const lines = aliveLines(model, root.pid);
        const no = lines.find((l) => l.text.trim().toLowerCase() !== 'true');
        if (no) return fail({ en: `is_alive() printed ${no.text}`, zh: `is_alive() 打印了 ${no.text}` }, no);
        return lines.length >= 2 ? pass(lines[1]) : final ? fail({ en: 'main printed is_alive() fewer than twice', zh: '主进程打印 is_alive() 的结果不到两次' }) : pending();
      },
    },
    {
      id: 'alive-consistent',
      text: {
        zh: '每个 is_alive() 的结果都与时间线一致:True 出现在子进程退出之前,False 出现在它被回收之后',
        en: 'Each is_alive() result agrees with the timeline: True before the child exited, False after it was reaped',
      },
      check(model, { final }) {
        const { root, child } = procs(model);
        if (!root || !child) return pending();
        const lines = aliveLines(model, root.pid);
        for (const l of lines) {
          const alive = l.text.trim().toLowerCase() === 'true';
          if (alive && child.exitedAt !== null && child.exitedAt < l.t) return fail({ en: 'True printed after the child had exited', zh: '子进程退出之后还打印了 True' }, l);
          if (!alive && (child.exitedAt === null || child.exitedAt > l.t)) return fail({ en: 'False printed before the child had exited', zh: '子进程退出之前就打印了 False' }, l);
        }
        if (lines.length >= 2 && child.exitedAt !== null) return pass(lines[1]);
        return final ? fail({ en: 'main printed is_alive() fewer than twice', zh: '主进程打印 is_alive() 的结果不到两次' }) : pending();
      },
    },
    {
      id: 'never-still-chatting',
      text: { zh: '…还在和网红脸聊天 从未打印:子进程没能跑完 run()', en: '"…还在和网红脸聊天" is never printed: the child never finishes run()' },
      check(model, { final }) {
        const line = outputLines(model).find((l) => l.text.includes('还在和网红脸聊天'));
        if (line) return fail({ en: 'it was printed', zh: '它被打印了' }, line);
        return final ? pass() : pending();
      },
    },
    mainExitsLast(),
  ],
});

/** The `index`-th is_alive() result main prints, as `True` or `False` (JavaScript prints true/false). */
function aliveQuestion(id: string, index: number, text: { zh: string; en: string }, varies = false): QuestionDef {
  return {
    id,
    text,
    varies,
    choices: [lineChoice('true', 'True'), lineChoice('false', 'False')],
    decide(model) {
      const { root } = procs(model);
      const line = root && aliveLines(model, root.pid)[index];
      return line ? answered(line.text.trim().toLowerCase() === 'true' ? 'true' : 'false', line) : waiting();
    },
  };
}
