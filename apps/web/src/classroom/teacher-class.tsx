// The teacher's side of a class, on the playground page (`/class/new`, `/class/<code>`): the class is
// opened (or taught again after a reload, with the key this tab kept), the page's view goes to the
// students as it changes, and the projector shows the join code, the link and its QR code, who is
// present, and the question with what the class thinks.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ClassState } from './class-state.js';
import { questionsFor, getScenario } from '@forkscope/scenarios/catalogue';
import type { Driver } from '@forkscope/protocol';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import type { TimelineInstance } from '../store/timeline-context.js';
import { showMoment } from '../replay/playback.js';
import { RichText } from '../components/rich-text.js';
import { ClassLink } from './class-link.js';
import { teacherKeyOf } from './class-keys.js';
import { teacherView, viewKey } from './teacher-view.js';

// The QR code's encoder loads with the first class bar, not with the playground.
const QrCode = lazy(() => import('./qr-code.js').then((m) => ({ default: m.QrCode })));
import { QuestionCard } from './question-card.js';

/** Least time between two views sent, ms (the server holds students to one per 100 ms too). */
const VIEW_INTERVAL_MS = 100;

export interface TeacherClass {
  link: ClassLink;
  /** This tab holds no key for the class in its address. */
  noKey: boolean;
}

/** The class of a teacher's page, or null on a page that teaches none (`classroom` null). */
export function useTeacherClass(instance: TimelineInstance, classroom: { code: string | null } | null, scenario: string | null): TeacherClass | null {
  const { controller } = instance;
  const code = classroom?.code ?? null;
  const teaching = classroom !== null;
  const link = useMemo(
    () => (teaching ? new ClassLink(controller, { onCreated: (created) => history.replaceState(null, '', `/class/${created}`) }, code) : null),
    [controller, code, teaching],
  );
  const [noKey] = useState(() => code !== null && teacherKeyOf(code) === null);
  const started = useRef(false);
  useEffect(() => {
    if (!link || started.current) return;
    started.current = true;
    if (code === null) link.create();
    else {
      const key = teacherKeyOf(code);
      if (key !== null) link.teach(code, key);
    }
  }, [link, code]);
  useEffect(() => () => link?.close(), [link]);
  useTeacherView(link, instance, scenario);
  useRevealMarks(link, instance);
  return link ? { link, noKey } : null;
}

/** Sends the page's view whenever it changes (at most every VIEW_INTERVAL_MS), and again on (re)joining. */
function useTeacherView(link: ClassLink | null, instance: TimelineInstance, scenario: string | null): void {
  useEffect(() => {
    if (!link) return;
    let sentKey: string | null = null;
    let sentAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const send = () => {
      timer = null;
      if (link.store.getState().phase !== 'in') return;
      const view = teacherView(instance, scenario);
      const key = viewKey(view);
      if (key === sentKey) return;
      if (link.sendView(view)) {
        sentKey = key;
        sentAt = performance.now();
      }
    };
    const changed = () => {
      if (timer !== null) return;
      const wait = sentAt + VIEW_INTERVAL_MS - performance.now();
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    };
    const unsubscribe = [
      instance.store.subscribe(changed),
      instance.view.subscribe(changed),
      link.store.subscribe((s, prev) => {
        // A new connection teaches again: the server gets the view afresh.
        if (s.phase === 'in' && prev.phase !== 'in') {
          sentKey = null;
          changed();
        }
      }),
    ];
    changed();
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const u of unsubscribe) u();
    };
  }, [link, instance, scenario]);
}

/** When the answer is revealed, the timeline marks the event that proves it. */
function useRevealMarks(link: ClassLink | null, instance: TimelineInstance): void {
  useEffect(
    () =>
      link?.store.subscribe((s, prev) => {
        const seq = s.question?.result?.seq;
        if (s.question?.phase === 'revealed' && prev.question?.phase !== 'revealed' && seq !== undefined) instance.store.getState().select(seq);
      }),
    [link, instance],
  );
}

export function useClassState<T>(link: ClassLink, selector: (s: ClassState) => T): T {
  return useStore(link.store, selector);
}

/** The join link of a class on this server. */
export function joinUrl(code: string): string {
  return `${location.origin}/c/${code}`;
}

/** The projector's strip: the code, the link and its QR code, who is present, End class. */
export function ClassBar({ link, noKey, compact = false }: { link: ClassLink; noKey: boolean; compact?: boolean }) {
  const { t } = useI18n();
  const phase = useClassState(link, (s) => s.phase);
  const code = useClassState(link, (s) => s.code);
  const students = useClassState(link, (s) => s.students);
  const ended = useClassState(link, (s) => s.ended);
  if (noKey && code) {
    return (
      <div className="class-bar class-bar-note" data-testid="class-bar" data-phase="no-key">
        <span>{t('class.notTeacher', { code })}</span>
        <a className="btn small" href={`/c/${code}`}>
          {t('class.asStudent')}
        </a>
        <a className="btn small" href="/class/new">
          {t('class.openAnother')}
        </a>
      </div>
    );
  }
  if (phase === 'ended' || phase === 'refused') {
    return (
      <div className="class-bar class-bar-note" data-testid="class-bar" data-phase={phase}>
        <span>{phase === 'ended' ? t(`class.ended.${ended ?? 'ended'}` as MessageKey) : t('class.notTeacher', { code: code ?? '' })}</span>
        <a className="btn small" href="/class/new">
          {t('class.openAnother')}
        </a>
      </div>
    );
  }
  if (phase !== 'in' || !code) {
    return (
      <div className="class-bar" data-testid="class-bar" data-phase={phase}>
        <span className="muted">{t('class.opening')}</span>
      </div>
    );
  }
  const url = joinUrl(code);
  return (
    <div className={`class-bar${compact ? ' compact' : ''}`} data-testid="class-bar" data-phase="in" data-code={code}>
      <Suspense fallback={<span className="qr" style={{ width: compact ? 72 : 112, height: compact ? 72 : 112 }} />}>
        <QrCode text={url} size={compact ? 72 : 112} label={t('class.qr', { url })} />
      </Suspense>
      <div className="class-join">
        <span className="class-code-label">{t('class.code')}</span>
        <span className="class-code" data-testid="class-code">
          {code}
        </span>
        <span className="class-url">{t('class.joinAt', { url: `${location.host}/c/${code}` })}</span>
      </div>
      <span className="class-students" data-testid="class-students" data-count={students}>
        {t('class.students', { n: students })}
      </span>
      <span className="spacer" />
      {!compact && (
        <button className="btn danger small" onClick={() => link.end()} data-testid="class-end">
          {t('class.end')}
        </button>
      )}
    </div>
  );
}

/** The open question on the projector, with the teacher's controls. */
export function ClassQuestion({ link, instance, large = false }: { link: ClassLink; instance: TimelineInstance; large?: boolean }) {
  const { t } = useI18n();
  const question = useClassState(link, (s) => (s.phase === 'in' ? s.question : null));
  const students = useClassState(link, (s) => s.students);
  if (!question) return null;
  const controls = (
    <>
      {question.phase === 'open' && (
        <button className="btn small" onClick={() => link.question('lock')} data-testid="question-lock">
          {t('class.lock')}
        </button>
      )}
      {question.phase !== 'revealed' && (
        <button className="btn small" onClick={() => link.question(question.tallies ? 'hide-tallies' : 'show-tallies')} data-testid="question-tallies">
          {question.tallies ? t('class.hideTallies') : t('class.showTallies')}
        </button>
      )}
      <button className="btn ghost small" onClick={() => link.question('close')} data-testid="question-close">
        {t('class.close')}
      </button>
    </>
  );
  return <QuestionCard question={question} students={students} controls={controls} large={large} onShowProof={(seq) => showMoment(instance, seq)} />;
}

/** The right-hand tab: the lesson's questions to ask, and the students present (names as text). */
export function ClassPanel({ link, scenario, params, driver }: { link: ClassLink; scenario: string | null; params: Record<string, unknown>; driver: Driver }) {
  const { t, lang } = useI18n();
  const roster = useClassState(link, (s) => s.roster);
  const open = useClassState(link, (s) => s.question);
  const inClass = useClassState(link, (s) => s.phase === 'in');
  const meta = scenario ? getScenario(scenario) : undefined;
  const questions = meta ? questionsFor(meta, { params, driver }) : [];
  return (
    <div className="class-panel" data-testid="class-panel">
      <section>
        <h3 className="section-head">{t('class.questions')}</h3>
        {!meta && <p className="muted small">{t('class.noQuestions')}</p>}
        {meta && <p className="muted small">{t('class.questionsHelp')}</p>}
        <ul className="ask-list">
          {questions.map((q) => (
            <li key={q.id} className={open?.id === q.id && open.scenario === meta?.id ? 'asked' : ''}>
              <span>
                <RichText text={q.text[lang]} />
              </span>
              <button className="btn small" disabled={!inClass} onClick={() => link.ask(meta!.id, q.id)} data-testid="ask" data-question={q.id}>
                {t('class.ask')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h3 className="section-head">
          {t('class.roster')} <span className="count">{roster.length}</span>
        </h3>
        {roster.length === 0 && <p className="muted small">{t('class.noStudents')}</p>}
        <ul className="roster" data-testid="roster">
          {roster.map((s) => (
            <li key={s.id} data-testid="roster-entry" data-student={s.id}>
              {/* A name is the student's own text: shown as text, never as markup. */}
              <span className={s.name === null ? 'muted' : ''}>{s.name ?? t('class.anonymous')}</span>
              {s.answered && <span className="tick">✓</span>}
              <span className="spacer" />
              <button className="link" onClick={() => link.remove(s.id)} data-testid="remove-student">
                {t('class.remove')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
