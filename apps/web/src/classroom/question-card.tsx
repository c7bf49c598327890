// A class question as everyone sees it: the text and choices of the lesson (the catalogue), how many
// answered, the tallies as a bar chart once the teacher shows them or the run reveals the answer, and the
// answer with the moment that proves it. The teacher's controls and a student's buttons are passed in.
import type { ReactNode } from 'react';
import type { ClassQuestion } from '@forkscope/protocol';
import { getScenario, type Question } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { RichText } from '../components/rich-text.js';
import { formatSeconds } from '../timeline/time-scale.js';

export function lessonQuestion(q: Pick<ClassQuestion, 'scenario' | 'id'>): Question | undefined {
  return getScenario(q.scenario)?.questions.find((x) => x.id === q.id);
}

export function QuestionCard(props: {
  question: ClassQuestion;
  students: number;
  /** A student's own answer (marked on the chart and the choices). */
  mine?: string | null;
  /** Buttons for a student, controls for the teacher. */
  choices?: (question: Question) => ReactNode;
  controls?: ReactNode;
  onShowProof?(seq: number): void;
  large?: boolean;
}) {
  const { t, lang } = useI18n();
  const { question: q } = props;
  const lesson = lessonQuestion(q);
  if (!lesson) return null;
  const result = q.result;
  const right = result?.status === 'decided' ? result.choice : null;
  return (
    <section className={`card question-card${props.large ? ' large' : ''}`} data-testid="question" data-id={q.id} data-phase={q.phase}>
      <header className="question-head">
        <h2 className="question-text">
          <RichText text={lesson.text[lang]} />
        </h2>
        <span className={`question-phase phase-${q.phase}`} data-testid="question-phase">
          {t(`class.phase.${q.phase}` as MessageKey)}
        </span>
      </header>
      <p className="question-count muted" data-testid="question-answered" data-answered={q.answered}>
        {t('class.answered', { a: q.answered, n: Math.max(q.answered, props.students) })}
        {lesson.varies && q.phase !== 'revealed' ? ` · ${t('class.variesNote')}` : ''}
      </p>
      {props.choices?.(lesson)}
      {q.tallies && <Tallies question={lesson} tallies={q.tallies} right={right} mine={props.mine ?? null} />}
      {result && (
        <div className="question-result" data-testid="question-result" data-choice={result.choice ?? ''} data-status={result.status} data-seq={result.seq ?? ''}>
          {result.status === 'undecided' ? (
            <p>{t('class.undecided', { detail: result.detail?.[lang] ?? '' })}</p>
          ) : right === null ? (
            <p>{t('class.none', { detail: result.detail?.[lang] ?? '' })}</p>
          ) : (
            <p>
              {result.varies ? `${t('class.varies')} ` : ''}
              <strong>
                <RichText text={lesson.choices.find((c) => c.id === right)?.text[lang] ?? right} />
              </strong>
              {result.detail && <span className="muted"> — {result.detail[lang]}</span>}
            </p>
          )}
          {result.seq !== undefined && props.onShowProof && (
            <button className="link" onClick={() => props.onShowProof!(result.seq!)} data-testid="question-proof">
              {t('class.proved', { t: formatSeconds(result.t ?? 0) })}
            </button>
          )}
        </div>
      )}
      {q.phase !== 'revealed' && q.runId === null && <p className="muted small">{t('class.waitingRun')}</p>}
      {props.controls && <div className="question-controls">{props.controls}</div>}
    </section>
  );
}

/** The distribution as horizontal bars, the right answer marked (not by colour alone: a tick and a word). */
function Tallies({ question, tallies, right, mine }: { question: Question; tallies: Record<string, number>; right: string | null; mine: string | null }) {
  const { t, lang } = useI18n();
  const total = Object.values(tallies).reduce((a, b) => a + b, 0);
  const most = Math.max(1, ...Object.values(tallies));
  return (
    <ul className="tallies" data-testid="tallies">
      {question.choices.map((c) => {
        const n = tallies[c.id] ?? 0;
        const isRight = right === c.id;
        return (
          <li key={c.id} className={`tally${isRight ? ' is-right' : ''}${mine === c.id ? ' is-mine' : ''}`} data-testid="tally" data-choice={c.id} data-count={n}>
            <span className="tally-label">
              {isRight && <span aria-label={t('class.rightAnswer')}>✓ </span>}
              <RichText text={c.text[lang]} />
            </span>
            <span className="tally-bar">
              <span className="tally-fill" style={{ width: `${(n / most) * 100}%` }} />
            </span>
            <span className="tally-n">
              {n}
              {total > 0 && <span className="muted"> · {Math.round((n / total) * 100)}%</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
