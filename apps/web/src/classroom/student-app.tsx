// A student's page (`/c/<code>`, `/c`): join with the code (a name if they like), then follow the teacher —
// the lesson, the run as it happens, the replay and the zoom — answer the question before the run and see
// whether they were right when the run reveals it. "Explore on my own" lets them seek, zoom and read the
// code; "Back to the teacher" follows again. Made for phones from 360×640 up: one column, large targets,
// lanes labelled above their bars, pinch to zoom.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { cleanDisplayName, normalizeClassCode } from '@forkscope/protocol';
import { getScenario } from '@forkscope/scenarios/catalogue';
import { ZoomButtons } from '../components/zoom-buttons.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useLatest } from '../app/use-latest.js';
import { useNotices } from '../app/use-notices.js';
import { serverErrorText } from '../app/server-error-text.js';
import type { MessageKey } from '../i18n/messages.js';
import { TimelineProvider, useTimeline, useTimelineInstance, type TimelineInstance } from '../store/timeline-context.js';
import { canReplaySelector, sourceSelector } from '../store/selectors.js';
import type { ServerError } from '../net/run-controller.js';
import { NoticeBanner, type Notice } from '../components/notice-banner.js';
import { ConsolePanel } from '../components/console-panel.js';
import { ExpectationList } from '../components/notice-panel.js';
import { ReplayBar } from '../components/replay-bar.js';
import { CodePanel } from '../components/code-panel.js';
import { RichText } from '../components/rich-text.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { installTestHook } from '../debug/test-hook.js';
import { ClassLink } from './class-link.js';
import { verdictOf, type ClassState } from './class-state.js';
import { rememberName, rememberedName, studentKey } from './class-keys.js';
import { createFollower } from './follow-teacher.js';
import { QuestionCard } from './question-card.js';
import { installClassTestHook } from './class-test-hook.js';

/** The class this tab joined (a reload joins it again, as the same student). */
const JOINED = 'forkscope.class.joined';

/** Refusals the page shows in place of the class, not as a notice. */
const CLASS_REFUSALS = new Set(['ERR_UNKNOWN_CLASS', 'ERR_REMOVED', 'ERR_CLASS_FULL']);

export function StudentApp({ code }: { code: string | null }) {
  const { t } = useI18n();
  const { notices, notify, dismiss } = useNotices();
  const tRef = useLatest(t);
  const hooks = useMemo(
    () => ({
      onError(error: ServerError) {
        if (CLASS_REFUSALS.has(error.code)) return;
        notify('error', serverErrorText(tRef.current, error));
      },
      onReconnect() {},
    }),
    [notify, tRef],
  );
  return (
    <TimelineProvider hooks={hooks}>
      <StudentPage code={code} notices={notices} dismiss={dismiss} />
    </TimelineProvider>
  );
}

function readJoined(): string | null {
  try {
    return sessionStorage.getItem(JOINED);
  } catch {
    return null;
  }
}

function keepJoined(code: string): void {
  try {
    sessionStorage.setItem(JOINED, code);
  } catch {
    // storage blocked: a reload shows the join form again
  }
}

function StudentPage({ code, notices, dismiss }: { code: string | null; notices: Notice[]; dismiss(id: number): void }) {
  const { t } = useI18n();
  const instance = useTimelineInstance();
  const { controller, store } = instance;
  const typed = code === null ? null : normalizeClassCode(code);
  const link = useMemo(
    () =>
      new ClassLink(
        controller,
        {
          resumePoint: () => {
            const s = store.getState();
            return s.source.kind === 'live' && s.source.runId ? { runId: s.source.runId, fromSeq: s.events.length } : null;
          },
        },
        typed,
      ),
    [controller, store, typed],
  );
  useEffect(() => () => link.close(), [link]);
  const state = useStore(link.store);
  const [followWanted, setFollowing] = useState(true);
  // Once the class is over the page stays, on its own.
  const following = followWanted && state.phase === 'in';
  const followingRef = useRef(following);
  useLayoutEffect(() => {
    followingRef.current = following;
  }, [following]);

  const join = useCallback(
    (joinCode: string, name: string | null) => {
      keepJoined(joinCode);
      if (location.pathname !== `/c/${joinCode}`) history.replaceState(null, '', `/c/${joinCode}`);
      link.join(joinCode, studentKey(), name);
    },
    [link],
  );

  // A reload of a page that had joined joins again, as the same student (the tab's key) with the same name.
  const rejoined = useRef(false);
  useEffect(() => {
    if (rejoined.current) return;
    rejoined.current = true;
    if (typed !== null && readJoined() === typed) join(typed, cleanDisplayName(rememberedName()));
  }, [typed, join]);

  useEffect(() => {
    installTestHook(instance);
    installClassTestHook(link, () => followingRef.current);
  }, [instance, link]);

  const detach = useCallback(() => setFollowing(false), []);
  useFollowTeacher(instance, link, following, detach);
  useRevealMark(link, instance);

  const narrow = useNarrow();
  const inClass = state.phase === 'in' || state.phase === 'ended';
  return (
    <div className="student-page" data-testid="student-page" data-phase={state.phase} data-following={following}>
      <header className="student-bar">
        <a className="brand" href="/" aria-label="forkscope">
          <span className="logo" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {!narrow && 'forkscope'}
        </a>
        {state.code && inClass && (
          <span className="class-chip" data-testid="student-class">
            {t('class.in', { code: state.code })}
          </span>
        )}
        {state.phase === 'in' && (
          <span className="muted small" data-testid="student-count">
            {t('class.students', { n: state.students })}
          </span>
        )}
        <span className="spacer" />
        <LanguageSwitch />
      </header>
      <NoticeBanner notices={notices} onDismiss={dismiss} />
      <main className="student-main">
        {state.phase === 'ended' && (
          <section className="card class-ended" data-testid="class-ended" data-reason={state.ended ?? ''} role="status">
            <p>{t(`class.ended.${state.ended ?? 'ended'}` as MessageKey)}</p>
          </section>
        )}
        {!inClass && (
          <JoinCard
            state={state}
            initial={typed ?? code ?? ''}
            onJoin={(joinCode, name) => {
              setFollowing(true);
              join(joinCode, name);
            }}
          />
        )}
        {inClass && (
          <>
            <LessonCard state={state} following={following} onFollow={setFollowing} canFollow={state.phase === 'in'} />
            {state.question && state.phase === 'in' && <StudentQuestion link={link} state={state} instance={instance} />}
            <StudentTimeline following={following} narrow={narrow} />
            <section className="card console-card">
              <header className="card-head">
                <h2>{t('console.title')}</h2>
              </header>
              <ConsolePanel height={narrow ? 180 : 240} />
            </section>
            {state.view?.scenario && (
              <section className="card student-notice">
                <header className="card-head">
                  <h2>{t('class.notice')}</h2>
                </header>
                <ExpectationList scenario={state.view.scenario} />
              </section>
            )}
            {!following && state.view?.scenario && (
              <section className="card student-code">
                <CodePanel scenario={state.view.scenario} prefer="python" />
              </section>
            )}
          </>
        )}
      </main>
    </div>
  );
}

function JoinCard({ state, initial, onJoin }: { state: ClassState; initial: string; onJoin(code: string, name: string | null): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState(initial);
  const [name, setName] = useState(() => rememberedName());
  const [problem, setProblem] = useState<'code' | 'name' | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const normal = normalizeClassCode(code);
    if (normal === null) return setProblem('code');
    const trimmed = name.trim();
    const clean = trimmed === '' ? null : cleanDisplayName(trimmed);
    if (trimmed !== '' && clean === null) return setProblem('name');
    setProblem(null);
    rememberName(clean ?? '');
    onJoin(normal, clean);
  };
  const refusal = state.phase === 'refused' && state.refusal ? (t(`class.refused.${state.refusal.code}` as MessageKey).startsWith('class.') ? state.refusal.message : t(`class.refused.${state.refusal.code}` as MessageKey)) : null;
  return (
    <form className="card join-card" onSubmit={submit} data-testid="join-form">
      <h1>{t('class.joinTitle')}</h1>
      <label className="field">
        <span>{t('class.codeLabel')}</span>
        <input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          inputMode="text"
          maxLength={16}
          className="code-input"
          data-testid="join-code"
        />
      </label>
      <label className="field">
        <span>{t('class.nameLabel')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="nickname" data-testid="join-name" />
      </label>
      {problem && (
        <p className="error-text" data-testid="join-problem">
          {t(problem === 'code' ? 'class.badCode' : 'class.badName')}
        </p>
      )}
      {refusal && (
        <p className="error-text" data-testid="join-refused" data-code={state.refusal?.code}>
          {refusal}
        </p>
      )}
      <button className="btn primary big" type="submit" disabled={state.phase === 'joining'} data-testid="join">
        {state.phase === 'joining' ? t('class.joining') : t('class.join')}
      </button>
    </form>
  );
}

function LessonCard({ state, following, onFollow, canFollow }: { state: ClassState; following: boolean; onFollow(on: boolean): void; canFollow: boolean }) {
  const { t, lang } = useI18n();
  const meta = state.view?.scenario ? getScenario(state.view.scenario) : undefined;
  return (
    <section className="card lesson-card" data-testid="lesson" data-scenario={meta?.id ?? ''}>
      <div className="lesson-title">
        {meta ? (
          <>
            <span className="section-chip">{meta.section}</span> <strong>{meta.title[lang]}</strong>
            <p className="lesson-summary">
              <RichText text={meta.summary[lang]} />
            </p>
          </>
        ) : (
          <p className="muted">{t('class.waiting')}</p>
        )}
      </div>
      {canFollow && (
        <div className="follow">
          <span className={following ? 'follow-state on' : 'follow-state'} data-testid="follow-state">
            {following ? t('class.following') : ''}
          </span>
          {following ? (
            <button className="btn big" onClick={() => onFollow(false)} data-testid="explore">
              {t('class.explore')}
            </button>
          ) : (
            <button className="btn primary big" onClick={() => onFollow(true)} data-testid="follow">
              {t('class.back')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function StudentQuestion({ link, state, instance }: { link: ClassLink; state: ClassState; instance: TimelineInstance }) {
  const { t, lang } = useI18n();
  const question = state.question!;
  const verdict = verdictOf(state);
  return (
    <QuestionCard
      question={question}
      students={state.students}
      mine={state.answer}
      onShowProof={(seq) => instance.store.getState().select(seq)}
      choices={(lesson) => (
        <>
          <div className="choices" role="group" aria-label={t('class.yourAnswer')}>
            {lesson.choices.map((c) => {
              const right = question.result?.status === 'decided' && question.result.choice === c.id;
              return (
                <button
                  key={c.id}
                  className={`choice${state.answer === c.id ? ' chosen' : ''}${right ? ' is-right' : ''}`}
                  aria-pressed={state.answer === c.id}
                  disabled={question.phase !== 'open'}
                  onClick={() => link.answer(question.id, c.id)}
                  data-testid="choice"
                  data-choice={c.id}
                >
                  {right && <span aria-label={t('class.rightAnswer')}>✓ </span>}
                  <RichText text={c.text[lang]} />
                </button>
              );
            })}
          </div>
          {question.phase === 'open' && <p className="muted small">{t('class.changeable')}</p>}
          {question.phase === 'revealed' && (
            <p className={`verdict verdict-${verdict ?? 'none'}`} data-testid="verdict" data-verdict={verdict ?? 'none'}>
              {verdict === 'right' ? t('class.youRight') : verdict === 'wrong' ? t('class.youWrong') : state.answer === null ? t('class.noAnswer') : ''}
            </p>
          )}
        </>
      )}
    />
  );
}

function StudentTimeline({ following, narrow }: { following: boolean; narrow: boolean }) {
  const { t } = useI18n();
  const source = useTimeline(sourceSelector);
  const canReplay = useTimeline(canReplaySelector);
  return (
    <section className="card timeline-card student-timeline">
      <header className="card-head">
        <h2>{t('timeline.title')}</h2>
        <span className="spacer" />
        {!following && (
          <ZoomButtons />
        )}
      </header>
      {source.kind === 'empty' ? <p className="empty">{t('class.noRun')}</p> : <TimelineView narrow={narrow} />}
      {!following && canReplay && <ReplayBar />}
    </section>
  );
}

/** Applies the teacher's view while following; zooming or panning here detaches. */
function useFollowTeacher(instance: TimelineInstance, link: ClassLink, following: boolean, detach: () => void): void {
  const follower = useMemo(() => createFollower(instance, (runId, scenario) => instance.controller.follow(runId, scenario)), [instance]);
  useEffect(() => {
    if (!following) return;
    const apply = () => follower.apply(link.store.getState().view);
    apply();
    // The first frame measures the plot: the teacher's zoom can be applied from then on.
    const raf = requestAnimationFrame(apply);
    const unsubscribe = [
      link.store.subscribe((s, prev) => {
        if (s.view !== prev.view) apply();
      }),
      instance.store.subscribe((s, prev) => {
        if (s.events.length !== prev.events.length) apply();
      }),
      instance.view.subscribe((s, prev) => {
        if (s.manual !== prev.manual && !follower.applying) detach();
      }),
    ];
    return () => {
      cancelAnimationFrame(raf);
      for (const u of unsubscribe) u();
    };
  }, [following, follower, link, instance, detach]);
}

/** When the answer is revealed, the timeline marks the event that proves it. */
function useRevealMark(link: ClassLink, instance: TimelineInstance): void {
  useEffect(
    () =>
      link.store.subscribe((s, prev) => {
        const seq = s.question?.result?.seq;
        if (s.question?.phase === 'revealed' && prev.question?.phase !== 'revealed' && seq !== undefined) instance.store.getState().select(seq);
      }),
    [link, instance],
  );
}

/** A phone-sized screen: lanes stacked, labels above their bars. */
function useNarrow(): boolean {
  const query = '(max-width: 700px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setNarrow(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return narrow;
}
