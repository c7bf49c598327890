import { defineScenario } from '../define-scenario.js';
import { childCount, mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, describe, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { startOrderQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';
import { spawnMoment } from '../expectations/common-facts.js';

const NAMES = ['wupeiqi', 'yuanhao', 'nezha'];

export const subclass = defineScenario({
  id: 'subclass',
  section: '4.7',
  title: { zh: '通过继承Process类开启进程', en: 'Starting processes by subclassing Process' },
  summary: {
    zh: '`MyProcess` 继承 Process 并实现 run();三个对象 wupeiqi、yuanhao、nezha 被 start(),主进程依次 join 后打印 主线程。',
    en: 'MyProcess extends Process and implements run(); three objects, wupeiqi, yuanhao and nezha, are started, then main joins each and prints "主线程".',
  },
  points: {
    zh: [
      'start() 在新进程里调用 run():三个通道的名字就是 self.name 设置的名字。',
      '三个子进程的输出顺序每次不同,甚至一个进程的两行之间会夹着别的进程的行。',
      '主线程 总是最后一行:主进程用 join() 等待了三个子进程。',
    ],
    en: [
      'start() calls run() in a new process: the three lanes carry the names set with self.name.',
      "The children's output comes in a different order on every run; another process's line can even fall between one process's two lines.",
      '"主线程" is always the last line: main waited for all three with join().',
    ],
  },
  quote: {
    zh: '除了上面这些开启进程的方法,还有一种以继承Process类的形式开启进程的方式',
    en: 'Besides the ways above, a process can also be started by subclassing the Process class',
  },
  params: [],
  drivers: ['node', 'python'],
  questions: [
    {
      id: 'names',
      text: { zh: '三条子进程通道上会显示什么名字?', en: 'What names will the three child lanes show?' },
      choices: [
        { id: 'custom', text: { zh: '`wupeiqi`、`yuanhao`、`nezha`', en: '`wupeiqi`, `yuanhao`, `nezha`' } },
        { id: 'default', text: { zh: '`MyProcess-1`、`MyProcess-2`、`MyProcess-3`', en: '`MyProcess-1`, `MyProcess-2`, `MyProcess-3`' } },
      ],
      decide(model) {
        const root = rootProcess(model);
        const kids = root ? childrenOf(model, root.pid) : [];
        if (kids.length < 3) return waiting();
        const names = kids.map((p) => p.name).sort();
        const at = spawnMoment(model, kids[2]!);
        if (names.join() === [...NAMES].sort().join()) return answered('custom', at);
        if (names.every((n) => /^MyProcess-\d+$/.test(n))) return answered('default', at);
        return answered(null, at, { en: `the names were ${names.join(', ')}`, zh: `名字是 ${names.join('、')}` });
      },
    },
    {
      id: 'last-line',
      text: { zh: '最后一行是谁打印的?', en: 'Who prints the last line?' },
      choices: [
        { id: 'main', text: { zh: '主进程(`主线程`)', en: 'Main (`主线程`)' } },
        { id: 'child', text: { zh: '某个子进程', en: 'One of the children' } },
      ],
      decide(model, { final }) {
        const root = rootProcess(model);
        if (!root) return waiting();
        const line = linesEqual(outputLines(model, root.pid), '主线程')[0];
        // Once every child has exited, nothing else prints: the line is the last.
        if (line && childrenOf(model, root.pid).every((p) => p.exitedAt !== null && p.exitedAt <= line.t)) return answered('main', line);
        // A run stopped from outside proves nothing about its last line.
        if (!final || model.run.status !== 'completed') return waiting();
        const last = outputLines(model).filter((l) => l.stream === 'stdout').at(-1);
        return last ? answered(last.pid === root.pid ? 'main' : 'child', last) : waiting();
      },
    },
    startOrderQuestion('start-order', { zh: '三个子进程会按启动的顺序打印吗?', en: 'Will the three children print in the order they were started?' }, (model) => {
      const root = rootProcess(model);
      const kids = root ? childrenOf(model, root.pid) : [];
      return kids.length >= 3 ? kids : null;
    }),
  ],
  expectations: [
    childCount(() => 3, { zh: '主进程启动了三个子进程', en: 'Main starts three children' }),
    {
      id: 'named-processes',
      text: { zh: '三个子进程分别名为 wupeiqi、yuanhao、nezha', en: 'The three children are named wupeiqi, yuanhao and nezha' },
      check(model, { final }) {
        const root = rootProcess(model);
        const kids = root ? childrenOf(model, root.pid) : [];
        const names = kids.map((p) => p.name).sort();
        if (kids.length < 3) return final ? fail({ en: `children: ${names.join(', ') || 'none'}`, zh: `子进程:${names.join(', ') || '无'}` }) : pending();
        const want = [...NAMES].sort();
        return names.join() === want.join() ? pass({ t: Math.max(...kids.map((p) => p.spawnedAt)) }) : fail({ en: `names were ${names.join(', ')}`, zh: `名字是 ${names.join(', ')}` });
      },
    },
    {
      id: 'each-prints-pid-and-name',
      text: {
        zh: '每个子进程打印自己的 pid 和 <名字> 正在和女主播聊天,各一次(顺序不定)',
        en: 'Each child prints its own pid and "<name> 正在和女主播聊天" once each (in any order)',
      },
      check(model, { final }) {
        const root = rootProcess(model);
        const kids = root ? childrenOf(model, root.pid) : [];
        if (kids.length < 3) return final ? fail({ en: 'fewer than three children', zh: '子进程不到三个' }) : pending();
        let last: { seq: number; t: number } | undefined;
        for (const p of kids) {
          const lines = outputLines(model, p.pid);
          for (const want of [String(p.pid), `${p.name} 正在和女主播聊天`]) {
            const hits = linesEqual(lines, want);
            if (hits.length > 1) return fail({ en: `${describe(p)} printed "${want}" twice`, zh: `${describe(p)} 打印了两次 "${want}"` }, hits[1]);
            if (hits.length === 0) return p.exitedAt !== null || final ? fail({ en: `${describe(p)} never printed "${want}"`, zh: `${describe(p)} 没有打印 "${want}"` }) : pending();
            if (!last || hits[0]!.seq > last.seq) last = hits[0];
          }
        }
        return pass(last);
      },
    },
    {
      id: 'main-line-last',
      text: { zh: '主线程 是最后一行,在三个子进程都结束之后', en: '"主线程" is the last line, after all three children have ended' },
      check(model, { final }) {
        const root = rootProcess(model);
        if (!root) return pending();
        const line = linesEqual(outputLines(model, root.pid), '主线程')[0];
        if (!line) return final ? fail({ en: '"主线程" was never printed', zh: '"主线程" 没有被打印' }) : pending();
        const kids = childrenOf(model, root.pid);
        const open = kids.find((p) => p.exitedAt === null || p.exitedAt > line.t);
        if (open) return fail({ en: `${describe(open)} had not ended`, zh: `${describe(open)} 还没结束` }, line);
        const after = outputLines(model).find((l) => l.seq > line.seq);
        if (after) return fail({ en: `"${after.text}" came after it`, zh: `"${after.text}" 在它之后` }, after);
        return final ? pass(line) : pending();
      },
    },
    mainExitsLast(),
  ],
});
