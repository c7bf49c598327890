// Facts of the 4.4–4.6 family: several children that each print "hello bob" and sleep 1 s.
import type { TimelineModel } from '@forkscope/protocol';
import type { ExpectationDef } from '../define-scenario.js';
import { eachPrintedOnce, spawnMoment } from '../expectations/common-facts.js';
import { childrenOf, describe, exitMoment, linesEqual, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';

function kids(model: TimelineModel) {
  const root = rootProcess(model);
  return { root, children: root ? childrenOf(model, root.pid) : [] };
}

export const eachSaysHello: ExpectationDef = {
  id: 'each-says-hello',
  text: { zh: '每个子进程恰好打印一次 `hello bob`', en: 'Each child prints "hello bob" exactly once' },
  check(model, { params, final }) {
    const { children } = kids(model);
    if (children.length < Number(params.count)) return final ? fail({ en: `only ${children.length} children`, zh: `只有 ${children.length} 个子进程` }) : pending();
    return eachPrintedOnce(model, children, () => 'hello bob', final);
  },
};

/** Concurrency: every child was started before the first one ended, so all lanes overlap. */
export const allOverlap: ExpectationDef = {
  id: 'children-overlap',
  text: {
    zh: '所有子进程同时存在:最后一个子进程在第一个子进程结束之前就已启动',
    en: 'The children run side by side: the last one was started before the first one ended',
  },
  check(model, { params }) {
    const { children } = kids(model);
    const firstExit = Math.min(...children.map((p) => p.exitedAt ?? Infinity));
    const late = children.find((p) => p.spawnedAt > firstExit);
    if (late) return fail({ en: `${describe(late)} was started after another child ended`, zh: `${describe(late)} 在另一个子进程结束之后才启动` }, spawnMoment(model, late));
    if (children.length < Number(params.count)) return pending();
    return pass(spawnMoment(model, children[children.length - 1]!));
  },
};

/** join() inside the loop: child k+1 is started only after child k has ended. */
export const oneAfterAnother: ExpectationDef = {
  id: 'one-after-another',
  text: {
    zh: '子进程一个接一个运行:每个子进程都在前一个结束之后才启动,同一时刻只有一个子进程',
    en: 'The children run one after another: each is started only after the previous one ended; never two at once',
  },
  check(model, { params }) {
    const { children } = kids(model);
    for (let i = 1; i < children.length; i++) {
      const prev = children[i - 1]!;
      const next = children[i]!;
      if (prev.exitedAt === null || next.spawnedAt < prev.exitedAt) {
        return fail({ en: `${describe(next)} was started while ${describe(prev)} was still running`, zh: `${describe(prev)} 还在运行时就启动了 ${describe(next)}` }, spawnMoment(model, next));
      }
    }
    if (children.length < Number(params.count)) return pending();
    return pass(spawnMoment(model, children[children.length - 1]!));
  },
};

/** The parent's line comes after every child has ended (it joined them). */
export const parentLineLast: ExpectationDef = {
  id: 'parent-line-last',
  text: { zh: '父进程在执行 在所有子进程结束之后才打印', en: '"父进程在执行" is printed only after every child has ended' },
  check(model, { params }) {
    const { root, children } = kids(model);
    const line = root && linesEqual(outputLines(model, root.pid), '父进程在执行')[0];
    if (!line) return pending();
    const running = children.find((p) => p.exitedAt === null || p.exitedAt > line.t);
    if (running || children.length < Number(params.count)) {
      return fail(running ? { en: `${describe(running)} had not ended yet`, zh: `${describe(running)} 还没结束` } : { en: 'printed before all children were started', zh: '所有子进程启动之前就打印了' }, line);
    }
    return pass(line);
  },
};

/** Without join the parent prints while its children are still sleeping. */
export const parentLineWhileChildrenRun: ExpectationDef = {
  id: 'parent-line-early',
  text: {
    zh: '父进程没有等待:父进程在执行 在任何子进程结束之前就打印了(它在子进程的输出中的位置每次不同)',
    en: 'The parent does not wait: "父进程在执行" is printed before any child has ended (where it falls among the children\'s lines varies)',
  },
  check(model) {
    const { root, children } = kids(model);
    const line = root && linesEqual(outputLines(model, root.pid), '父进程在执行')[0];
    const ended = children.find((p) => p.exitedAt !== null && (!line || p.exitedAt < line.t));
    if (ended) return fail({ en: `${describe(ended)} ended before the parent's line`, zh: `${describe(ended)} 在父进程那一行之前就结束了` }, exitMoment(model, ended));
    return line ? pass(line) : pending();
  },
};
