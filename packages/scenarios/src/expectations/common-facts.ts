// Facts several scenarios state, as ready-made expectation definitions.
import type { ProcessModel, TimelineModel } from '@forkscope/protocol';
import type { ExpectationDef } from '../define-scenario.js';
import type { ExpectationResult, Text } from '../types.js';
import { describe, endMoment, exitMoment, linesEqual, nonRootProcesses, outputLines, rootProcess, childrenOf } from './timeline-queries.js';
import { fail, pass, pending } from './verdict.js';

/** The root process exits after every other process of the run (Python joins its children at exit). */
export function mainExitsLast(text: Text = {
  zh: '主进程最后退出:它在自己的代码结束后仍等待所有子进程结束(隐式 join)',
  en: 'Main exits last: after its own code ends it still waits for every child (an implicit join)',
}): ExpectationDef {
  return {
    id: 'main-exits-last',
    text,
    check(model, { final }) {
      const root = rootProcess(model);
      if (!root || root.exitedAt === null) return pending({ en: 'main has not exited', zh: '主进程还没退出' });
      const others = nonRootProcesses(model);
      const open = others.find((p) => p.exitedAt === null);
      if (open) return final ? fail({ en: `${describe(open)} has no exit`, zh: `${describe(open)} 没有退出` }) : pending({ en: `${describe(open)} has not exited`, zh: `${describe(open)} 还没退出` });
      const later = others.find((p) => (p.exitedAt ?? 0) > (root.exitedAt ?? 0));
      if (later) return fail({ en: `${describe(later)} exited after main`, zh: `${describe(later)} 在主进程之后退出` }, exitMoment(model, later));
      return pass(exitMoment(model, root));
    },
  };
}

/** The root starts exactly `count(params)` children. */
export function childCount(count: (params: Record<string, unknown>) => number, text: Text): ExpectationDef {
  return {
    id: 'child-count',
    text,
    check(model, { params, final }) {
      const root = rootProcess(model);
      if (!root) return pending();
      const want = count(params);
      const kids = childrenOf(model, root.pid);
      if (kids.length > want) return fail({ en: `main started ${kids.length} children, expected ${want}`, zh: `主进程启动了 ${kids.length} 个子进程,应为 ${want} 个` }, { t: kids[want]!.spawnedAt });
      if (kids.length === want && (root.mainEndedAt !== null || final)) {
        const last = kids[want - 1];
        return pass(last ? spawnMoment(model, last) : undefined);
      }
      return final ? fail({ en: `main started ${kids.length} children, expected ${want}`, zh: `主进程启动了 ${kids.length} 个子进程,应为 ${want} 个` }) : pending({ en: `${kids.length} of ${want} started`, zh: `已启动 ${kids.length} / ${want} 个` });
    },
  };
}

/** Where a process's spawn arrow starts (the `process.spawned` event). */
export function spawnMoment(_model: TimelineModel, p: ProcessModel) {
  return p.spawnSeq !== null && p.spawnSeq !== undefined ? { seq: p.spawnSeq, t: p.spawnedAt } : { t: p.spawnedAt };
}

/**
 * Each of the given processes wrote the line exactly once. Decided when all have written it and exited
 * (a second copy could still come before that).
 */
export function eachPrintedOnce(
  model: TimelineModel,
  procs: readonly ProcessModel[],
  line: (p: ProcessModel) => string,
  final: boolean,
): ExpectationResult {
  let last: { seq: number; t: number } | undefined;
  let waiting = 0;
  for (const p of procs) {
    const want = line(p);
    const hits = linesEqual(outputLines(model, p.pid), want);
    if (hits.length > 1) return fail({ en: `${describe(p)} printed "${want}" ${hits.length} times`, zh: `${describe(p)} 打印了 ${hits.length} 次 "${want}"` }, hits[1]);
    if (hits.length === 0 || p.exitedAt === null) {
      if (p.exitedAt !== null || final) return fail({ en: `${describe(p)} never printed "${want}"`, zh: `${describe(p)} 没有打印 "${want}"` }, exitMoment(model, p));
      waiting += 1;
      continue;
    }
    if (!last || hits[0]!.seq > last.seq) last = hits[0];
  }
  if (waiting > 0) return pending({ en: `${waiting} of ${procs.length} still to print`, zh: `${procs.length} 个中还有 ${waiting} 个没打印` });
  return pass(last);
}

/** No process ever prints this line. Fails the moment one does; passes when the run has ended. */
export function neverPrinted(id: string, lineText: string, text: Text): ExpectationDef {
  return {
    id,
    text,
    check(model, { final }) {
      const hit = linesEqual(outputLines(model), lineText)[0];
      if (hit) return fail({ en: `"${lineText}" was printed`, zh: `"${lineText}" 被打印了` }, hit);
      return final ? pass(endMoment(model)) : pending();
    },
  };
}
