import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast } from '../expectations/common-facts.js';
import { childrenOf, exitMoment, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { answered, waiting } from '../questions/decision.js';
import { lineChoice, yesNo } from '../questions/choices.js';
import { spawnMoment } from '../expectations/common-facts.js';

function child(model: TimelineModel) {
  const root = rootProcess(model);
  return { root, child: root ? childrenOf(model, root.pid)[0] : undefined };
}

const expectedName = (params: Record<string, unknown>) => (params.nameAfterSuper === true ? '哪吒' : 'Myprocess-1');

export const pidName = defineScenario({
  id: 'pid-name',
  section: '7.2',
  title: { zh: '进程对象的其他属性:pid和name', en: 'The pid and name attributes' },
  summary: {
    zh: '`Myprocess` 在 super().__init__() 之前设置 self.name = 哪吒;子进程打印两次 <名字>正在和网红脸聊天,主进程打印 p1.pid。',
    en: 'Myprocess sets self.name = 哪吒 before super().__init__(); the child prints "<name>正在和网红脸聊天" twice, main prints p1.pid.',
  },
  points: {
    zh: [
      '主进程打印的 p1.pid 就是子进程通道上的 pid。',
      '名字是 Myprocess-1,不是 哪吒:父类的初始化方法覆盖了之前设置的 name。',
      'nameAfterSuper=true(教程注释里的写法):在 super().__init__() 之后设置,名字就是 哪吒。',
      '两行之间隔 1–4 秒(random.randrange(1,5));主进程的代码早已结束,但要等子进程结束才退出。',
    ],
    en: [
      'The p1.pid main prints is the pid on the child\'s lane.',
      'The name is Myprocess-1, not 哪吒: the parent class\'s initialiser overwrote the name set before it.',
      "nameAfterSuper=true (the seed's commented-out alternative): set after super().__init__(), the name is 哪吒.",
      "The two lines are 1–4 s apart (random.randrange(1,5)); main's code ended long before, but it exits only after the child.",
    ],
  },
  quote: { zh: '执行父类的初始化方法会覆盖name属性', en: "Running the parent class's initialiser overwrites the name attribute" },
  params: [
    {
      name: 'nameAfterSuper',
      type: 'boolean',
      default: false,
      label: { zh: '在 super() 之后设置 name', en: 'Set name after super()' },
      help: { zh: '教程原样是在之前设置(false)', en: 'The seed sets it before (false)' },
    },
  ],
  drivers: ['node', 'python'],
  differences: {
    node: {
      zh: 'TypeScript 不允许在 super() 之前使用 `this`,所以 node 程序在那里什么也不设置;效果相同:名字是 Myprocess-1。',
      en: 'TypeScript allows no `this` before super(), so the node program sets nothing there; the effect is the same: the name is Myprocess-1.',
    },
  },
  questions: [
    {
      id: 'name',
      text: { zh: '子进程的名字是什么?', en: 'What name will the child have?' },
      choices: [lineChoice('myprocess', 'Myprocess-1'), lineChoice('nezha', '哪吒')],
      decide(model) {
        const { child: c } = child(model);
        if (!c) return waiting();
        const at = spawnMoment(model, c);
        return c.name === 'Myprocess-1' ? answered('myprocess', at) : c.name === '哪吒' ? answered('nezha', at) : answered(null, at, { en: `it is named ${c.name}`, zh: `它的名字是 ${c.name}` });
      },
    },
    {
      id: 'pid',
      text: { zh: '主进程打印的 `p1.pid` 就是子进程通道上的 pid 吗?', en: "Is the `p1.pid` main prints the pid on the child's lane?" },
      choices: yesNo(true),
      decide(model) {
        const { root, child: c } = child(model);
        if (!root || !c) return waiting();
        const line = outputLines(model, root.pid).find((l) => /^\d+$/.test(l.text.trim()));
        return line ? answered(Number(line.text.trim()) === c.pid ? 'yes' : 'no', line) : waiting();
      },
    },
  ],
  expectations: [
    {
      id: 'main-prints-pid',
      text: { zh: '主进程打印的 p1.pid 等于子进程的 pid', en: "The p1.pid main prints equals the child's pid" },
      check(model, { final }) {
        const { root, child: c } = child(model);
        if (!root || !c) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const line = linesEqual(outputLines(model, root.pid), String(c.pid))[0];
        if (line) return pass(line);
        return root.mainEndedAt !== null || final ? fail({ en: `main did not print ${c.pid}`, zh: `主进程没有打印 ${c.pid}` }) : pending();
      },
    },
    {
      id: 'process-name',
      text: {
        zh: '子进程的名字是 Myprocess-1(nameAfterSuper 时是 哪吒)',
        en: "The child's name is Myprocess-1 (哪吒 with nameAfterSuper)",
      },
      check(model, { params, final }) {
        const { child: c } = child(model);
        if (!c) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const want = expectedName(params);
        return c.name === want ? pass({ t: c.spawnedAt }) : fail({ en: `the child is named ${c.name}, expected ${want}`, zh: `子进程名为 ${c.name},应为 ${want}` });
      },
    },
    {
      id: 'prints-name-twice',
      text: { zh: '子进程两次打印 <名字>正在和网红脸聊天', en: 'The child prints "<name>正在和网红脸聊天" twice' },
      check(model, { params }) {
        const { child: c } = child(model);
        if (!c) return pending();
        const hits = linesEqual(outputLines(model, c.pid), `${expectedName(params)}正在和网红脸聊天`);
        if (hits.length > 2) return fail({ en: 'printed more than twice', zh: '打印了两次以上' }, hits[2]);
        if (c.exitedAt === null) return pending();
        return hits.length === 2 ? pass(hits[1]) : fail({ en: `printed ${hits.length} times`, zh: `打印了 ${hits.length} 次` }, exitMoment(model, c));
      },
    },
    mainExitsLast(),
  ],
});
