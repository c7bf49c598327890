import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { answered, waiting } from '../questions/decision.js';
import { lineChoice } from '../questions/choices.js';
import type { QuestionDef } from '../define-scenario.js';

function nValues(model: TimelineModel, pid: number) {
  return model.processes[pid]?.vars.n ?? [];
}

export const isolation = defineScenario({
  id: 'isolation',
  section: '4.8',
  title: { zh: '进程之间的数据隔离问题', en: 'Data isolation between processes' },
  summary: {
    zh: '主进程设 n = 100 并启动子进程;子进程用 `global n` 把 n 改成 0。主进程里的 n 会变吗?',
    en: 'Main sets n = 100 and starts a child; the child does "global n; n = 0". Does n change in main?',
  },
  points: {
    zh: [
      '每个进程都有自己的一份内存:子进程里的 n 是 0,主进程里的 n 始终是 100。',
      '时间线上并排显示每个进程的 n:子进程改的是它自己的那一份。',
      'join=true 时主进程在子进程改完之后才读 n,仍然是 100。',
    ],
    en: [
      'Each process has its own memory: n is 0 in the child and stays 100 in main.',
      'The timeline shows each process\'s n side by side: the child changed only its own copy.',
      'With join=true main reads n after the child has changed its copy, and it is still 100.',
    ],
  },
  quote: { zh: '注意:进程之间是互相独立的', en: 'Note: processes are independent of each other' },
  params: [
    {
      name: 'join',
      type: 'boolean',
      default: false,
      label: { zh: '打印前先 join', en: 'Join before printing' },
      help: { zh: '教程里没有 join(false)', en: 'The seed does not join (false)' },
    },
  ],
  drivers: ['node', 'python'],
  questions: [nValueQuestion('main-n', 'main'), nValueQuestion('child-n', 'child')],
  expectations: [
    {
      id: 'child-n-0',
      text: { zh: '子进程里 n = 0,并打印 子进程内:  0', en: 'In the child n = 0, and it prints "子进程内:  0"' },
      check(model, { final }) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const values = nValues(model, child.pid);
        const wrong = values.find((v) => v.value !== 0);
        if (wrong) return fail({ en: `the child reported n = ${JSON.stringify(wrong.value)}`, zh: `子进程报告 n = ${JSON.stringify(wrong.value)}` }, { t: wrong.t });
        const line = linesEqual(outputLines(model, child.pid), '子进程内:  0')[0];
        if (values.length === 0 || !line) return final || child.exitedAt !== null ? fail({ en: 'the child did not report n = 0', zh: '子进程没有报告 n = 0' }) : pending();
        return pass(line);
      },
    },
    {
      id: 'main-n-100',
      text: { zh: '主进程里 n 始终是 100,并打印 主进程内:  100', en: 'In main n is 100 throughout, and it prints "主进程内:  100"' },
      check(model, { final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const values = nValues(model, root.pid);
        const wrong = values.find((v) => v.value !== 100);
        if (wrong) return fail({ en: `main reported n = ${JSON.stringify(wrong.value)}`, zh: `主进程报告 n = ${JSON.stringify(wrong.value)}` }, { t: wrong.t });
        const line = linesEqual(outputLines(model, root.pid), '主进程内:  100')[0];
        if (values.length === 0 || !line) return final ? fail({ en: 'main did not report n = 100', zh: '主进程没有报告 n = 100' }) : pending();
        return pass(line);
      },
    },
    {
      id: 'main-unchanged-after-child',
      text: {
        zh: 'join:子进程把自己的 n 改成 0 之后,主进程读到的 n 仍是 100',
        en: 'With join: after the child set its n to 0, main still reads n = 100',
      },
      appliesTo: ({ params }) => params.join === true,
      check(model) {
        const root = rootProcess(model);
        const child = root && childrenOf(model, root.pid)[0];
        if (!root || !child) return pending();
        const childZero = nValues(model, child.pid).find((v) => v.value === 0);
        const line = linesEqual(outputLines(model, root.pid), '主进程内:  100')[0];
        if (!line) return pending();
        if (!childZero || childZero.t > line.t) return fail({ en: 'main printed before the child set n = 0', zh: '子进程设置 n = 0 之前主进程就打印了' }, line);
        return pass(line);
      },
    },
    mainExitsLast(),
  ],
});

/** What `n` the main process or the child prints ("主进程内:  100", "子进程内:  0"). */
function nValueQuestion(id: string, who: 'main' | 'child'): QuestionDef {
  const prefix = who === 'main' ? '主进程内:' : '子进程内:';
  return {
    id,
    text:
      who === 'main'
        ? { zh: '子进程把 `n` 改成了 0。主进程打印的 `n` 是多少?', en: 'The child sets `n` to 0. What `n` does main print?' }
        : { zh: '子进程打印的 `n` 是多少?', en: 'What `n` does the child print?' },
    choices: who === 'main' ? [lineChoice('100', '100'), lineChoice('0', '0')] : [lineChoice('0', '0'), lineChoice('100', '100')],
    decide(model) {
      const root = rootProcess(model);
      const pid = who === 'main' ? root?.pid : root && childrenOf(model, root.pid)[0]?.pid;
      if (pid === undefined) return waiting();
      const line = outputLines(model, pid).find((l) => l.text.startsWith(prefix));
      if (!line) return waiting();
      const value = line.text.slice(prefix.length).trim();
      return value === '0' || value === '100' ? answered(value, line) : answered(null, line, { en: `it printed ${value}`, zh: `打印的是 ${value}` });
    },
  };
}
