import type { TimelineModel } from '@forkscope/core/events';
import { defineScenario } from '../define-scenario.js';
import { childrenOf, describe, exitMoment, firstMarker, outputLines, rootProcess } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';

function family(model: TimelineModel) {
  const root = rootProcess(model);
  const parent = root ? childrenOf(model, root.pid)[0] : undefined;
  return { root, parent, grandchildren: parent ? childrenOf(model, parent.pid) : [] };
}

export const orphans = defineScenario({
  id: 'orphans',
  section: '3.1',
  title: { zh: 'terminate() 之后的孙进程:孤儿进程', en: 'Grandchildren after terminate(): orphans' },
  summary: {
    zh: '子进程启动两个孙进程后一直睡;孙进程开始打印后,主进程再等 0.5 秒就 terminate() 这个子进程。孙进程会怎样?',
    en: 'A child starts two grandchildren and sleeps; 0.5 s after the grandchildren start printing, main terminate()s that child. What happens to the grandchildren?',
  },
  points: {
    zh: [
      '子进程被 SIGTERM 终止(−15),它的孙进程却继续运行:信号只发给了一个进程。',
      '教程说“该子进程就成了僵尸进程”,其实它们成了孤儿进程:内核把它们过继给别的进程(`父进程id` 改变),它们照常运行到结束。',
      '僵尸进程是已经结束、还没被父进程回收的进程;这里的孙进程还活着。',
    ],
    en: [
      'The child is ended by SIGTERM (−15), but its children run on: the signal went to one process only.',
      'The tutorial says they "become zombie processes"; in fact they become orphans: the kernel re-parents them (their parent pid changes) and they run to the end as usual.',
      'A zombie is a process that has ended and not been reaped by its parent; these grandchildren are alive.',
    ],
  },
  quote: {
    zh: 'p.terminate():强制终止进程p,不会进行任何清理操作,如果p创建了子进程,该子进程就成了僵尸进程,使用该方法需要特别小心这种情况。',
    en: 'p.terminate(): forcibly ends p without any cleanup; if p created child processes, they become zombie processes — take special care with this.',
  },
  params: [
    { name: 'grandchildren', type: 'integer', min: 1, max: 8, default: 2, label: { zh: '孙进程数', en: 'Grandchildren' } },
    { name: 'ticks', type: 'integer', min: 3, max: 20, default: 6, label: { zh: '孙进程打印次数(每 0.3 秒)', en: 'Grandchild ticks (every 0.3 s)' } },
    {
      name: 'parentLife',
      type: 'number',
      min: 0,
      max: 3,
      default: 0.5,
      unit: 's',
      label: { zh: '孙进程开始后多久 terminate 子进程', en: 'Terminate the child this long after the grandchildren start (s)' },
    },
  ],
  drivers: ['node', 'python'],
  expectations: [
    {
      id: 'parent-terminated',
      text: { zh: '子进程被主进程 terminate(),以 −15(SIGTERM)结束', en: 'The child is terminate()d by main and ends with −15 (SIGTERM)' },
      check(model, { final }) {
        const { root, parent } = family(model);
        if (!root || !parent) return final ? fail({ en: 'no child', zh: '没有子进程' }) : pending();
        if (parent.exitedAt === null) return pending();
        if (!firstMarker(model, root.pid, 'terminate')) return fail({ en: 'main never called terminate()', zh: '主进程没有调用 terminate()' }, exitMoment(model, parent));
        return parent.exitCode === -15 ? pass(exitMoment(model, parent)) : fail({ en: `the child exited with ${String(parent.exitCode)}`, zh: `子进程的退出码是 ${String(parent.exitCode)}` }, exitMoment(model, parent));
      },
    },
    {
      id: 'grandchildren-outlive-parent',
      text: {
        zh: '每个孙进程在子进程结束之后还在打印:它们没有随父进程结束',
        en: 'Every grandchild keeps printing after the child has ended: they did not end with their parent',
      },
      check(model, { params, final }) {
        const { parent, grandchildren } = family(model);
        if (!parent || grandchildren.length < Number(params.grandchildren)) return final ? fail({ en: 'missing grandchildren', zh: '孙进程不够' }) : pending();
        if (parent.exitedAt === null) return pending();
        let last: { seq: number; t: number } | undefined;
        for (const g of grandchildren) {
          const after = outputLines(model, g.pid).find((l) => l.t > (parent.exitedAt ?? 0));
          if (!after) return final ? fail({ en: `${describe(g)} printed nothing after its parent ended`, zh: `父进程结束后 ${describe(g)} 什么也没打印` }) : pending();
          if (!last || after.seq > last.seq) last = after;
        }
        return pass(last);
      },
    },
    {
      id: 'reparented',
      text: {
        zh: '孙进程被过继:子进程结束后,它们报告的 `父进程id` 不再是子进程的 pid',
        en: "The grandchildren are re-parented: after the child ended, the parent pid they report is no longer the child's",
      },
      check(model, { params, final }) {
        const { parent, grandchildren } = family(model);
        if (!parent || grandchildren.length < Number(params.grandchildren)) return final ? fail({ en: 'missing grandchildren', zh: '孙进程不够' }) : pending();
        if (parent.exitedAt === null) return pending();
        let last: { seq?: number; t: number } | undefined;
        for (const g of grandchildren) {
          const before = g.vars.ppid?.find((v) => v.value === parent.pid);
          const moved = g.vars.ppid?.find((v) => v.t > (parent.exitedAt ?? 0) && v.value !== parent.pid)
            ?? g.reparented.find((r) => r.from === parent.pid);
          if (!moved) return final ? fail({ en: `${describe(g)} never reported a new parent`, zh: `${describe(g)} 没有报告新的父进程` }) : pending();
          if (!before && g.reparented.length === 0) return fail({ en: `${describe(g)} never reported ${describe(parent)} as its parent`, zh: `${describe(g)} 没有报告 ${describe(parent)} 是它的父进程` });
          if (!last || moved.t > last.t) last = { t: moved.t };
        }
        return pass(last);
      },
    },
    {
      id: 'grandchildren-finish',
      text: { zh: '每个孙进程都打印完了全部 `ticks` 行', en: 'Every grandchild prints all of its `ticks` lines' },
      check(model, { params, final }) {
        const { grandchildren } = family(model);
        const want = Number(params.ticks);
        if (grandchildren.length < Number(params.grandchildren)) return final ? fail({ en: 'missing grandchildren', zh: '孙进程不够' }) : pending();
        let last: { seq: number; t: number } | undefined;
        for (const g of grandchildren) {
          const lines = outputLines(model, g.pid).filter((l) => l.text.startsWith('孙进程'));
          if (lines.length > want) return fail({ en: `${describe(g)} printed ${lines.length} lines`, zh: `${describe(g)} 打印了 ${lines.length} 行` }, lines[want]);
          if (lines.length < want) return final ? fail({ en: `${describe(g)} printed ${lines.length} of ${want} lines`, zh: `${describe(g)} 打印了 ${want} 行中的 ${lines.length} 行` }) : pending();
          if (!last || lines[want - 1]!.seq > last.seq) last = lines[want - 1];
        }
        return pass(last);
      },
    },
  ],
});
