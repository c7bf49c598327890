import type { ExpectationDef } from '../define-scenario.js';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { errorMatching, exitMoment, linesEqual, outputLines, processesNamed, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { sleepParam } from './common-params.js';
import type { Text } from '../types.js';
import { exitCodeQuestion } from '../questions/common-questions.js';

/** The process named `name` ends with `code` (and `signal`), and main prints "<name> <code>". */
function endsWith(name: string, code: number, signal: string | null, text: Text, extra?: ExpectationDef['check']): ExpectationDef {
  return {
    id: `${name}-${Math.abs(code)}`,
    text,
    check(model, ctx) {
      const p = processesNamed(model, name)[0];
      if (!p) return ctx.final ? fail({ en: `no process named ${name}`, zh: `没有名为 ${name} 的进程` }) : pending();
      if (p.exitedAt === null) return pending();
      if (p.exitCode !== code || p.signal !== signal) {
        return fail({ en: `${name} ended with ${[p.exitCode, p.signal].filter((x) => x !== null).join(' ')}`, zh: `${name} 以 ${[p.exitCode, p.signal].filter((x) => x !== null).join(' ')} 结束` }, exitMoment(model, p));
      }
      if (extra) {
        const r = extra(model, ctx);
        if (r.status !== 'pass') return r;
      }
      const root = rootProcess(model);
      const line = root && linesEqual(outputLines(model, root.pid), `${name} ${code}`)[0];
      return line ? pass(exitMoment(model, p)) : ctx.final ? fail({ en: `main did not print "${name} ${code}"`, zh: `主进程没有打印 "${name} ${code}"` }) : pending();
    },
  };
}

export const exitCodes = defineScenario({
  id: 'exit-codes',
  section: '3.2',
  title: { zh: 'exitcode:进程是怎样结束的', en: 'exitcode: how processes end' },
  summary: {
    zh: '五个子进程并排:正常返回、抛出异常、exit(3)、被 terminate()、被 kill()。主进程 join 后打印每个的 exitcode。',
    en: 'Five children side by side: one returns, one throws, one calls exit(3), one is terminate()d, one is kill()ed. Main joins them and prints each exitcode.',
  },
  points: {
    zh: [
      'start() 之前和进程运行时,exitcode 是 None(JavaScript 里是 null):还没有退出码。',
      '正常返回:0(返回值被丢弃)。未捕获的异常:1,并打印错误。exit(3):3。',
      '被信号结束时 exitcode 为 −N:terminate() 发送 SIGTERM,得 −15;kill() 发送 SIGKILL,得 −9。',
      '退出码是内核报告的真实值,时间线的退出标记上同时写着信号名。',
    ],
    en: [
      'Before start() and while the process runs, exitcode is None (null in JavaScript): there is no exit code yet.',
      'Returning: 0 (the return value is discarded). An uncaught error: 1, and the error is printed. exit(3): 3.',
      'Ended by a signal, exitcode is −N: terminate() sends SIGTERM, giving −15; kill() sends SIGKILL, giving −9.',
      'Exit codes are what the kernel reported; each exit badge on the timeline also names the signal.',
    ],
  },
  quote: {
    zh: 'p.exitcode:进程在运行时为None、如果为–N,表示被信号N结束(了解即可)',
    en: 'p.exitcode: None while the process runs; −N means it was ended by signal N (good to know)',
  },
  params: [sleepParam('lifetime', 1, 0, 5, { zh: '终止前等待秒数', en: 'Wait before terminate/kill (s)' })],
  drivers: ['node', 'python'],
  questions: [
    exitCodeQuestion('raises', { zh: '抛出异常的进程(`raises`)的 exitcode 是多少?', en: 'What exitcode will the process that throws (`raises`) have?' }, [0, 1, -1], (model) => processesNamed(model, 'raises')[0]),
    exitCodeQuestion('exits', { zh: '调用 `exit(3)` 的进程(`exits`)的 exitcode 是多少?', en: 'What exitcode will the process that calls `exit(3)` (`exits`) have?' }, [0, 1, 3], (model) => processesNamed(model, 'exits')[0]),
    exitCodeQuestion('terminated', { zh: '被 `terminate()` 的进程的 exitcode 是多少?', en: 'What exitcode will the `terminate()`d process have?' }, [0, 15, -15, -9], (model) => processesNamed(model, 'terminated')[0]),
    exitCodeQuestion('killed', { zh: '被 `kill()` 的进程的 exitcode 是多少?', en: 'What exitcode will the `kill()`ed process have?' }, [9, -9, -15], (model) => processesNamed(model, 'killed')[0]),
  ],
  expectations: [
    {
      id: 'exitcode-none',
      text: {
        zh: 'start() 之前,以及 terminated 还在运行时,主进程打印的 exitcode 是 None(null)',
        en: 'Before start(), and while "terminated" still runs, the exitcode main prints is None (null)',
      },
      check(model, { final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const lines = outputLines(model, root.pid);
        const before = lines.find((l) => l.text.startsWith('before start():'));
        const running = lines.find((l) => l.text.startsWith('while running:'));
        if (!before || !running) return final ? fail({ en: 'main did not print exitcode before start() and while running', zh: '主进程没有在 start() 之前和子进程运行时打印 exitcode' }) : pending();
        for (const line of [before, running]) if (!/: (None|null)$/.test(line.text.trim())) return fail({ en: `main printed "${line.text.trim()}"`, zh: `主进程打印了 "${line.text.trim()}"` }, line);
        const first = processesNamed(model, 'returns')[0];
        if (first && first.spawnedAt < before.t) return fail({ en: 'printed after the first start()', zh: '在第一次 start() 之后才打印' }, before);
        const terminated = processesNamed(model, 'terminated')[0];
        if (!terminated) return final ? fail({ en: 'no process named terminated', zh: '没有名为 terminated 的进程' }) : pending();
        if (terminated.spawnedAt > running.t || (terminated.exitedAt !== null && terminated.exitedAt < running.t)) {
          return fail({ en: '"while running" was printed while "terminated" was not running', zh: '打印 "while running" 时 "terminated" 并不在运行' }, running);
        }
        return pass(running);
      },
    },
    endsWith('returns', 0, null, { zh: '正常返回的进程:exitcode 0', en: 'The process that returns: exitcode 0' }),
    endsWith('raises', 1, null, { zh: '抛出异常的进程:打印错误,exitcode 1', en: 'The process that throws: the error is printed, exitcode 1' }, (model) => {
      const p = processesNamed(model, 'raises')[0]!;
      const error = errorMatching(model, p.pid, /bad thing/);
      return error ? pass(error) : fail({ en: 'no error was reported', zh: '没有报告错误' }, exitMoment(model, p));
    }),
    endsWith('exits', 3, null, { zh: '调用 exit(3) 的进程:exitcode 3', en: 'The process that calls exit(3): exitcode 3' }),
    endsWith('terminated', -15, 'SIGTERM', { zh: '被 terminate() 的进程:exitcode −15(SIGTERM)', en: 'The terminate()d process: exitcode −15 (SIGTERM)' }),
    endsWith('killed', -9, 'SIGKILL', { zh: '被 kill() 的进程:exitcode −9(SIGKILL)', en: 'The kill()ed process: exitcode −9 (SIGKILL)' }),
    mainExitsLast(),
  ],
});
