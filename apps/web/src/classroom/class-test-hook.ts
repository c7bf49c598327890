// The class parts of `window.__forkscope` (debug/test-hook.ts) on a class page: the class as this page
// knows it, and a raw send, so end-to-end tests can try what the page never offers (a student's cancel).
import type { ClientMessage } from '@forkscope/protocol';
import type { ClassInspection } from '../debug/test-hook-types.js';
import type { ClassLink } from './class-link.js';

export function installClassTestHook(link: ClassLink, following: () => boolean): void {
  const hook = window.__forkscope;
  if (!hook) return;
  hook.classroom = (): ClassInspection => {
    const s = link.store.getState();
    const q = s.question;
    return {
      phase: s.phase,
      code: s.code,
      role: s.role,
      students: s.students,
      following: following(),
      answer: s.answer,
      question: q && {
        id: q.id,
        phase: q.phase,
        answered: q.answered,
        tallies: q.tallies,
        result: q.result && { choice: q.result.choice, ...(q.result.seq !== undefined && { seq: q.result.seq }) },
      },
      view: s.view && { scenario: s.view.scenario, runId: s.view.runId, playhead: s.view.playhead, selectedSeq: s.view.selectedSeq, window: s.view.window },
      ended: s.ended,
    };
  };
  hook.send = (message) => link.sendRaw(message as ClientMessage);
}
