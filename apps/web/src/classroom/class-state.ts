// What this page knows of its class, as one pure reducer over the server's class messages (and the
// page's own steps): joined or not, as teacher or student, how many are present, the teacher's view, the
// open question, this student's answer, the roster (teacher only), and how it ended.
import type { ClassEndReason, ClassQuestion, ClassRole, ClassView, RosterEntry, ServerMessage } from '@forkscope/protocol';

export type ClassPhase =
  /** Not in a class yet (a student's join form; a teacher's page before the server answered). */
  | 'outside'
  | 'joining'
  | 'in'
  /** The server refused (wrong code, removed, full, not this class's teacher): `refusal` says why. */
  | 'refused'
  | 'ended';

export interface ClassState {
  phase: ClassPhase;
  code: string | null;
  role: ClassRole | null;
  studentId: string | null;
  name: string | null;
  students: number;
  view: ClassView | null;
  question: ClassQuestion | null;
  /** This student's answer to the open question, as the server holds it. */
  answer: string | null;
  roster: RosterEntry[];
  ended: ClassEndReason | null;
  refusal: { code: string; message: string } | null;
}

export type ClassAction =
  | { type: 'joining'; code: string | null }
  | { type: 'server'; message: ServerMessage }
  /** The connection dropped: the page joins again once it is back. */
  | { type: 'disconnected' };

export function initialClassState(code: string | null = null): ClassState {
  return { phase: 'outside', code, role: null, studentId: null, name: null, students: 0, view: null, question: null, answer: null, roster: [], ended: null, refusal: null };
}

/** Error codes that answer a join: the page is not (or no longer) in the class, or must wait to try again. */
const REFUSALS = new Set(['ERR_UNKNOWN_CLASS', 'ERR_REMOVED', 'ERR_CLASS_FULL', 'ERR_RATE_LIMITED', 'ERR_BAD_MESSAGE']);

export function reduceClass(state: ClassState, action: ClassAction): ClassState {
  switch (action.type) {
    case 'joining':
      return { ...state, phase: 'joining', code: action.code ?? state.code, refusal: null };
    case 'disconnected':
      return state.phase === 'in' ? { ...state, phase: 'joining' } : state;
    case 'server':
      return onServer(state, action.message);
  }
}

function onServer(state: ClassState, m: ServerMessage): ClassState {
  switch (m.type) {
    case 'class.joined':
      return {
        ...state,
        phase: 'in',
        code: m.code,
        role: m.role,
        studentId: m.studentId ?? null,
        name: m.name ?? null,
        students: m.students,
        view: m.view,
        question: m.question,
        answer: m.answer ?? null,
        ended: null,
        refusal: null,
      };
    case 'class.view':
      return state.phase === 'in' ? { ...state, view: m.view } : state;
    case 'class.presence':
      return state.phase === 'in' ? { ...state, students: m.students } : state;
    case 'class.roster':
      return state.phase === 'in' ? { ...state, roster: m.students } : state;
    case 'class.question': {
      if (state.phase !== 'in') return state;
      // Another question (or none): this student's answer was to the old one.
      const same = m.question !== null && state.question !== null && m.question.id === state.question.id && m.question.scenario === state.question.scenario;
      return { ...state, question: m.question, answer: same ? state.answer : null };
    }
    case 'class.answered':
      return state.question?.id === m.questionId ? { ...state, answer: m.choice } : state;
    case 'class.ended':
      return { ...state, phase: 'ended', ended: m.reason, question: state.question, view: state.view };
    case 'error':
      if (state.phase === 'joining' && REFUSALS.has(m.code)) return { ...state, phase: 'refused', refusal: { code: m.code, message: m.message } };
      return state;
    default:
      return state;
  }
}

/** Whether a student answered right, once revealed: null before, or when they did not answer. */
export function verdictOf(state: Pick<ClassState, 'question' | 'answer'>): 'right' | 'wrong' | null {
  const result = state.question?.result;
  if (!result || state.question?.phase !== 'revealed' || state.answer === null) return null;
  if (result.status !== 'decided') return null;
  return result.choice === state.answer ? 'right' : 'wrong';
}
