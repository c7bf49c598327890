// Questions several lessons ask, as ready-made definitions, and the queries they share. Each decides
// from the model alone, at the event that proves the answer.
import type { ProcessModel, TimelineModel } from '@forkscope/protocol';
import type { CheckContext, QuestionDef } from '../define-scenario.js';
import type { Choice, Text } from '../types.js';
import { describe, endMoment, exitMoment, linesEqual, outputLines, type Moment, type OutputLine } from '../expectations/timeline-queries.js';
import { spawnMoment } from '../expectations/common-facts.js';
import { answered, waiting, type Decision } from './decision.js';
import { exitCodeChoices, yesNo } from './choices.js';

/** "What exit code will P have?", decided at P's exit; a code none of the choices offers is said in words. */
export function exitCodeQuestion(id: string, text: Text, codes: readonly number[], pick: (model: TimelineModel, ctx: CheckContext) => ProcessModel | undefined): QuestionDef {
  return {
    id,
    text,
    choices: exitCodeChoices(codes),
    decide(model, ctx) {
      const p = pick(model, ctx);
      if (!p || p.exitedAt === null) return waiting();
      const code = p.exitCode;
      const offered = code !== null && codes.includes(code);
      const shown = code === null ? '?' : code < 0 ? `−${-code}` : String(code);
      return answered(offered ? String(code) : null, exitMoment(model, p), offered ? undefined : { en: `${describe(p)} exited with ${shown}`, zh: `${describe(p)} 的退出码是 ${shown}` });
    },
  };
}

/**
 * "Will `line` be printed?": yes at the line; no once whoever would print it has exited without it
 * (`owner`), or at the end of the run.
 */
export function printedQuestion(id: string, text: Text, line: string, owner?: (model: TimelineModel) => ProcessModel | undefined): QuestionDef {
  return {
    id,
    text,
    choices: yesNo(),
    decide(model, { final }) {
      const hit = linesEqual(outputLines(model), line)[0];
      if (hit) return answered('yes', hit);
      const p = owner?.(model);
      if (p && p.exitedAt !== null) return answered('no', exitMoment(model, p));
      return final ? answered('no', endMoment(model)) : waiting();
    },
  };
}

/** The first line of stdout that one of the choices names: that choice, at that line. */
export function firstLineQuestion(id: string, text: Text, choices: (Choice & { matches(line: OutputLine, model: TimelineModel): boolean })[], varies = false): QuestionDef {
  return {
    id,
    text,
    varies,
    choices: choices.map(({ id, text }) => ({ id, text })),
    decide(model) {
      for (const line of outputLines(model)) {
        if (line.stream !== 'stdout') continue;
        const choice = choices.find((c) => c.matches(line, model));
        if (choice) return answered(choice.id, line);
      }
      return waiting();
    },
  };
}

/**
 * Whether `children` first printed in the order they were started: decided at the first line out of
 * order (no), or once each has printed (yes). A race: the scheduler decides.
 */
export function startOrderQuestion(id: string, text: Text, children: (model: TimelineModel, ctx: CheckContext) => ProcessModel[] | null): QuestionDef {
  return {
    id,
    text,
    varies: true,
    choices: yesNo(),
    decide(model, ctx) {
      const kids = children(model, ctx);
      if (!kids) return waiting();
      const rank = new Map(kids.map((p, i) => [p.pid, i]));
      let next = 0;
      const seen = new Set<number>();
      for (const line of outputLines(model)) {
        const i = rank.get(line.pid);
        if (i === undefined || seen.has(line.pid)) continue;
        seen.add(line.pid);
        if (i !== next) return answered('no', line, { en: `${describe(kids[i]!)} printed before ${describe(kids[next]!)}`, zh: `${describe(kids[i]!)} 比 ${describe(kids[next]!)} 先打印` });
        next += 1;
        if (next === kids.length) return answered('yes', line);
      }
      return waiting();
    },
  };
}

/** Children that ran at the same time (some child started before another ended) or one after another. */
export function overlapDecision(model: TimelineModel, kids: readonly ProcessModel[], want: number): Decision {
  for (const later of kids) {
    const running = kids.find((p) => p !== later && p.spawnedAt <= later.spawnedAt && (p.exitedAt === null || p.exitedAt > later.spawnedAt));
    if (running) return answered('together', spawnMoment(model, later) as Moment);
  }
  if (kids.length < want || kids.some((p) => p.exitedAt === null)) return waiting();
  return answered('one-by-one', exitMoment(model, kids[kids.length - 1]!));
}

/** Whether `p` exited after every one of `others` (`after`) or while one of them still ran (`before`), decided at its exit. */
export function exitsAfterAll(model: TimelineModel, p: ProcessModel | undefined, others: readonly ProcessModel[], want: number, after: string, before: string): Decision {
  if (!p || p.exitedAt === null) return waiting();
  const later = others.find((o) => o.exitedAt === null || o.exitedAt > (p.exitedAt ?? 0));
  return answered(later || others.length < want ? before : after, exitMoment(model, p));
}
