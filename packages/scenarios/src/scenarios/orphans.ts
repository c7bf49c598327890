import type { TimelineModel } from '@forkscope/protocol';
import { defineScenario } from '../define-scenario.js';
import { childrenOf, describe, exitMoment, firstMarker, outputLines, rootProcess, type Moment } from '../expectations/timeline-queries.js';
import { fail, pass, pending } from '../expectations/verdict.js';
import { exitCodeQuestion } from '../questions/common-questions.js';
import { answered, waiting } from '../questions/decision.js';

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
      '孤儿被过继给最近的“收养进程”(subreaper)祖先,没有的话就是 PID 1:在 Linux 桌面上通常是 `systemd --user`,在容器里是容器的 init(PID 1,例如 tini),在普通系统上是 PID 1(init/systemd)。forkscope 给每次运行配了一个自己的收养进程(`reaper`),时间线上写着它的 pid。',
      '孙进程结束时,收养它的 `reaper` 立刻回收它,读到真实的退出码 0:它不会留下僵尸,退出码也不是“未知”。',
    ],
    en: [
      'The child is ended by SIGTERM (−15), but its children run on: the signal went to one process only.',
      'The tutorial says they "become zombie processes"; in fact they become orphans: the kernel re-parents them (their parent pid changes) and they run to the end as usual.',
      'A zombie is a process that has ended and not been reaped by its parent; these grandchildren are alive.',
      'An orphan goes to its nearest ancestor that is a "subreaper", else to PID 1: on a Linux desktop that is usually systemd --user, in a container its init (PID 1 of the container, e.g. tini), on a bare system PID 1 (init/systemd). Here each run has a reaper of its own, whose pid the timeline names.',
      'When a grandchild ends, the reaper that adopted it reaps it at once and reads its real exit code, 0: no zombie is left, and the code is not "unknown".',
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
  questions: [
    {
      id: 'grandchildren-fate',
      text: { zh: '子进程被 `terminate()` 之后,它的孙进程会怎样?', en: 'The child is `terminate()`d. What happens to its own children, the grandchildren?' },
      choices: [
        { id: 'run-on', text: { zh: '继续运行,直到自己结束', en: 'They keep running to their own end' } },
        { id: 'die', text: { zh: '跟着一起结束', en: 'They end with it' } },
        { id: 'zombie', text: { zh: '变成僵尸进程', en: 'They become zombies' } },
      ],
      decide(model) {
        const { parent, grandchildren } = family(model);
        if (!parent || parent.exitedAt === null || grandchildren.length === 0) return waiting();
        const after = (at: number) => at > (parent.exitedAt ?? 0);
        const line = outputLines(model).find((l) => grandchildren.some((g) => g.pid === l.pid) && after(l.t));
        if (line) return answered('run-on', line);
        const died = grandchildren.find((g) => g.exitedAt !== null && g.signal !== null);
        if (died) return answered('die', exitMoment(model, died));
        return grandchildren.every((g) => g.exitedAt !== null) ? answered(null, exitMoment(model, grandchildren.at(-1)!), { en: 'they ended without printing again', zh: '它们没有再打印就结束了' }) : waiting();
      },
    },
    {
      id: 'new-parent',
      text: { zh: '子进程结束以后,孙进程的父进程变成了谁?', en: 'Once the child has ended, whose child is a grandchild?' },
      choices: [
        { id: 'main', text: { zh: '主进程', en: "Main's" } },
        { id: 'adopter', text: { zh: '收养孤儿的祖先(`subreaper`,或 PID 1)', en: 'An ancestor that adopts orphans (a subreaper, or PID 1)' } },
        { id: 'nobody', text: { zh: '没有父进程了', en: "Nobody's" } },
      ],
      decide(model) {
        const { root, grandchildren } = family(model);
        for (const g of grandchildren) {
          const moved = g.reparented[0];
          if (!moved) continue;
          const line = model.console.find((c) => c.pid === g.pid && c.lifecycle?.kind === 'reparented');
          const at = line ? { seq: line.seq, t: line.t } : { t: moved.t };
          return answered(moved.to === root?.pid ? 'main' : moved.to > 0 ? 'adopter' : 'nobody', at);
        }
        return waiting();
      },
    },
    exitCodeQuestion('grandchild-exit', { zh: '孙进程的退出码是多少?', en: 'What exit code will a grandchild have?' }, [0, -15, -9], (model) => family(model).grandchildren[0]),
  ],
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
      id: 'orphans-reaped',
      text: {
        zh: '每个孙进程都被过继给本次运行的收养进程(`reaper`),结束时由它回收:真实的退出码 0',
        en: "Each grandchild is re-parented to the run's reaper, which reaps it when it ends: its real exit code, 0",
      },
      check(model, { params, final }) {
        const { grandchildren } = family(model);
        if (grandchildren.length < Number(params.grandchildren)) return final ? fail({ en: 'missing grandchildren', zh: '缺少孙进程' }) : pending();
        let last: Moment | undefined;
        for (const g of grandchildren) {
          if (g.exitedAt === null) return pending();
          const adopted = g.reparented.find((r) => r.reaper);
          if (!adopted) return fail({ en: `${describe(g)} was not re-parented to the run's reaper`, zh: `${describe(g)} 没有被过继给本次运行的收养进程` }, exitMoment(model, g));
          if (g.exitCode === null) return fail({ en: `${describe(g)} ended with its exit code unknown: nobody collected it`, zh: `${describe(g)} 结束时退出码未知:没有进程回收它` }, exitMoment(model, g));
          if (g.exitCode !== 0) return fail({ en: `${describe(g)} exited with ${g.exitCode}`, zh: `${describe(g)} 的退出码是 ${g.exitCode}` }, exitMoment(model, g));
          const moment = exitMoment(model, g);
          if (moment && (!last || moment.t > last.t)) last = moment;
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
