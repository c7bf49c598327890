import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { mainExitsLast, neverPrinted } from '../expectations/common-facts.js';
import { childrenOf, errorMatching, exitMoment, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { exitCodeQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';

const BOOTSTRAP = /bootstrapping phase/i;

function procs(model: TimelineModel) {
  const root = rootProcess(model);
  return { root, child: root ? childrenOf(model, root.pid)[0] : undefined };
}

export const spawnGuard = defineScenario({
  id: 'spawn-guard',
  section: '3.3',
  title: { zh: '在 Windows 中使用 `process` 模块的注意事项', en: "Why the __main__ guard matters" },
  summary: {
    zh: '创建并启动子进程的代码写在模块顶层,没有 `if __name__ == \'__main__\'` 保护。子进程加载模块时又执行了这段代码。',
    en: "The code that creates and starts the child sits at the module's top level, without an if __name__ == '__main__' guard. The child runs it again while loading the module.",
  },
  points: {
    zh: [
      '用 spawn 方式(Windows 的唯一方式)启动时,子进程会重新导入主模块,模块顶层的代码在子进程里又执行一遍:模块顶层代码在执行 打印了两次。',
      '子进程在导入阶段就调用 start(),于是失败:“An attempt has been made to start a new process before the current process has finished its bootstrapping phase”,退出码 1。',
      '并没有无限递归:子进程直接报错退出。父进程不受影响,读到 exitcode 1 后正常结束。',
      '把启动代码放进 `if __name__ == \'__main__\':`(node 程序里就是 `main()`)就不会这样。',
    ],
    en: [
      'With the spawn start method (the only one on Windows) a child re-imports the main module, so top-level code runs again in the child: "模块顶层代码在执行" is printed twice.',
      'The child calls start() while still importing, and fails: "An attempt has been made to start a new process before the current process has finished its bootstrapping phase", exit code 1.',
      'There is no endless recursion: the child just fails. The parent is not affected; it reads exitcode 1 and ends normally.',
      "Putting the start under if __name__ == '__main__': (main() in the node program) avoids it.",
    ],
  },
  quote: {
    zh: "所以必须把创建子进程的部分使用 `if __name__ =='__main__'` 判断保护起来,`import` 的时候,就不会递归运行了。",
    en: "So the part that creates child processes must be protected with if __name__ == '__main__'; then importing does not run it recursively.",
  },
  params: [],
  drivers: ['node', 'python'],
  differences: {
    python: {
      zh: 'Linux 上 CPython 默认用 fork,不会重新导入主模块;python 程序用 spawn 方式运行以展示这一点。',
      en: 'On Linux CPython forks by default and does not re-import the main module; the python program uses the spawn start method to show this.',
    },
  },
  questions: [
    {
      id: 'top-level-count',
      text: { zh: '`模块顶层代码在执行` 会打印几次?', en: 'How many times is `模块顶层代码在执行` printed?' },
      choices: [
        { id: '1', text: { zh: '一次', en: 'Once' } },
        { id: '2', text: { zh: '两次', en: 'Twice' } },
        { id: 'many', text: { zh: '一次又一次,停不下来', en: 'Again and again, without end' } },
      ],
      decide(model, { final }) {
        const { child: c } = procs(model);
        const hits = linesEqual(outputLines(model), '模块顶层代码在执行');
        if (hits.length > 2) return answered('many', hits[2]);
        if (!final && (!c || c.exitedAt === null)) return waiting();
        const at = c ? exitMoment(model, c) : hits.at(-1);
        return hits.length === 0 ? answered(null, at, { en: 'it was never printed', zh: '一次也没有打印' }) : answered(String(hits.length), at);
      },
    },
    exitCodeQuestion('child-exit', { zh: '子进程的退出码是多少?', en: 'What exit code will the child have?' }, [0, 1, -15], (model) => procs(model).child),
  ],
  expectations: [
    {
      id: 'top-level-twice',
      text: { zh: '模块顶层代码执行了两次:主进程一次,子进程导入时一次', en: 'The top-level code runs twice: once in main, once in the child as it loads the module' },
      check(model, { final }) {
        const { root, child } = procs(model);
        if (!root || !child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const inRoot = linesEqual(outputLines(model, root.pid), '模块顶层代码在执行')[0];
        const inChild = linesEqual(outputLines(model, child.pid), '模块顶层代码在执行')[0];
        if (inRoot && inChild) return pass(inChild);
        return child.exitedAt !== null || final ? fail({ en: 'the top-level line was not printed by both', zh: '顶层那一行没有被两个进程都打印' }, exitMoment(model, child)) : pending();
      },
    },
    {
      id: 'bootstrap-error',
      text: { zh: '子进程报错:`…before the current process has finished its bootstrapping phase`', en: 'The child fails: "…before the current process has finished its bootstrapping phase"' },
      check(model, { final }) {
        const { child } = procs(model);
        if (!child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const error = errorMatching(model, child.pid, BOOTSTRAP);
        if (error) return pass(error);
        return child.exitedAt !== null ? fail({ en: 'the child ended without the bootstrapping error', zh: '子进程结束时没有出现 bootstrapping 错误' }, exitMoment(model, child)) : pending();
      },
    },
    {
      id: 'child-exit-1',
      text: { zh: '子进程以退出码 1 结束,也没有再创建进程', en: 'The child ends with exit code 1, having started no process of its own' },
      check(model, { final }) {
        const { child } = procs(model);
        if (!child) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        const grandchild = childrenOf(model, child.pid)[0];
        if (grandchild) return fail({ en: `the child started ${grandchild.name}`, zh: `子进程启动了 ${grandchild.name}` }, { t: grandchild.spawnedAt });
        if (child.exitedAt === null) return pending();
        return child.exitCode === 1 ? pass(exitMoment(model, child)) : fail({ en: `exit code ${String(child.exitCode)}`, zh: `退出码 ${String(child.exitCode)}` }, exitMoment(model, child));
      },
    },
    neverPrinted('target-never-runs', 'hello bob', { zh: '目标函数从未运行:`hello bob` 没有打印', en: 'The target never runs: "hello bob" is not printed' }),
    {
      id: 'parent-unaffected',
      text: { zh: '父进程不受影响:正常结束,退出码 0', en: 'The parent is not affected: it ends normally with exit code 0' },
      check(model) {
        const { root } = procs(model);
        if (!root || root.exitedAt === null) return pending();
        return root.exitCode === 0 ? pass(exitMoment(model, root)) : fail({ en: `main exited with ${String(root.exitCode)}`, zh: `主进程的退出码是 ${String(root.exitCode)}` }, exitMoment(model, root));
      },
    },
    mainExitsLast(),
  ],
});
