// The playground page: composes the top bar (top-bar.tsx), the address (use-routing.ts), the keyboard
// (use-keys.ts), recording files (use-recording-files.ts) and the workspace — the timeline and console
// on the left, "what to notice" / code / recorded runs on the right — or the presenter view.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useLatest } from './use-latest.js';
import { useNotices } from './use-notices.js';
import { serverErrorText } from './server-error-text.js';
import type { MessageKey } from '../i18n/messages.js';
import type { Driver } from '@forkscope/protocol';
import { TimelineProvider, useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { ownsLiveRunSelector } from '../store/selectors.js';
import type { TimelineState } from '../store/types.js';
import type { ReconnectNotice, ServerError } from '../net/run-controller.js';
import { formatSeconds } from '../timeline/time-scale.js';
import { TimelineCard } from '../components/timeline-card.js';
import { ConsolePanel } from '../components/console-panel.js';
import { ChatInput } from '../components/chat-input.js';
import { NoticePanel } from '../components/notice-panel.js';
import { CodePanel, type CodeEditing } from '../components/code-panel.js';
import { useCodeDrafts } from './code-drafts.js';
import { canRun } from '../store/run-state.js';
import { paramsFor, validateParams } from '@forkscope/scenarios/catalogue';
import { RunList } from '../components/run-list.js';
import { NoticeBanner, type Notice, type Notify } from '../components/notice-banner.js';
import { PresenterView } from '../components/presenter-view.js';
import { installTestHook } from '../debug/test-hook.js';
import { TopBar } from './top-bar.js';
import { NotFound } from './not-found.js';
import { useRunForm } from './run-form-state.js';
import { preferredDriver, useAvailableDrivers } from './use-drivers.js';
import { useKeys } from './use-keys.js';
import { useRecordingFiles } from './use-recording-files.js';
import { useRouting } from './use-routing.js';
import { ClassBar, ClassPanel, ClassQuestion, useTeacherClass } from '../classroom/teacher-class.js';
import { installClassTestHook } from '../classroom/class-test-hook.js';

/** `classroom`: this page teaches a class (`/class/new`, `/class/<code>`). */
export function App({ classroom = null }: { classroom?: { code: string | null } | null } = {}) {
  const { t } = useI18n();
  const { notices, notify, dismiss } = useNotices();
  const tRef = useLatest(t);
  const hooks = useMemo(
    () => ({
      onError(error: ServerError) {
        notify('error', serverErrorText(tRef.current, error));
      },
      onReconnect(notice: ReconnectNotice) {
        const tr = tRef.current;
        if (notice.kind === 'continues') notify('info', tr('conn.continues'));
        else if (notice.kind === 'ended-while-away') notify('info', tr('conn.endedAway'));
        else {
          const at = formatSeconds(notice.at);
          if (notice.status === 'interrupted') notify('error', tr('conn.interrupted', { t: at }));
          else if (notice.status === 'cancelled') notify('error', tr('conn.cancelled', { t: at }));
          else notify('info', tr('conn.endedAs', { t: at, status: tr(`run.status.${notice.status}` as MessageKey) }));
        }
      },
    }),
    [notify, tRef],
  );
  return (
    <TimelineProvider hooks={hooks}>
      <Playground notices={notices} dismiss={dismiss} notify={notify} classroom={classroom} />
    </TimelineProvider>
  );
}

/**
 * The run on screen (watched or replayed): its scenario, parameters and driver, the learner's program when it is
 * an edited version, and a key that changes with it.
 */
function loadedRunOf(s: TimelineState): { key: string; scenario: string; params: Record<string, unknown>; driver: Driver | null; edit: string | null } | null {
  const edit = s.model.run.edit?.source ?? null;
  if (s.source.kind === 'replay' && s.source.header?.scenario) {
    const h = s.source.header;
    return { key: `replay:${h.runId}:${h.startedAt}:${edit === null ? '' : 'edited'}`, scenario: h.scenario!, params: h.params, driver: h.driver, edit };
  }
  if (s.source.kind === 'live' && s.model.run.scenario) {
    return { key: `live:${s.model.run.runId}:${edit === null ? '' : 'edited'}`, scenario: s.model.run.scenario, params: s.model.run.params, driver: s.model.run.driver, edit };
  }
  return null;
}

function Playground(props: { notices: Notice[]; dismiss(id: number): void; notify: Notify; classroom: { code: string | null } | null }) {
  const { t, lang, setLang } = useI18n();
  const instance = useTimelineInstance();
  const { store, view, controller } = instance;
  const available = useAvailableDrivers();
  const form = useRunForm(available);
  const [presenter, setPresenter] = useState(false);
  const [tab, setTab] = useState<'notice' | 'code' | 'runs' | 'class'>(props.classroom ? 'class' : 'notice');
  const pagerRef = useRef<((direction: 1 | -1) => boolean) | null>(null);
  const phase = useTimeline((s) => s.run.phase);
  // Viewers (another tab or device, a share link) watch only: no input box.
  const ownsRun = useTimeline(ownsLiveRunSelector);
  const runEndedAt = useTimeline((s) => s.model.run.endedAt);
  // A class page keeps its address (`/class/<code>`): a reload must teach the class again.
  const { openRecording } = useRouting(instance, props.notify, props.classroom !== null);
  const teaching = useTeacherClass(instance, props.classroom, form.scenarioId);
  const { dragging, openFile } = useRecordingFiles(instance, props.notify);

  const classLink = teaching?.link ?? null;
  useEffect(() => {
    installTestHook(instance);
    if (classLink) installClassTestHook(classLink, () => false);
  }, [instance, classLink]);

  // The learner's own versions of the programs (code-panel.tsx), and the Code tab's language.
  const code = useCodeDrafts();
  const runnable = useTimeline((s) => canRun(s.run));

  // The form follows what is loaded (a replay, a watched run): its scenario, parameters and driver; and the Code
  // tab shows the program an edited run ran.
  const loadedKey = useTimeline((s) => loadedRunOf(s)?.key ?? null);
  const { adopt } = form;
  const adoptProgram = code.adopt;
  useEffect(() => {
    const loaded = loadedRunOf(store.getState());
    if (!loaded) return;
    adopt(loaded);
    adoptProgram(loaded);
  }, [loadedKey, adopt, adoptProgram, store]);

  const run = () => {
    const request = form.submit();
    if (!request) return;
    view.setState({ manual: null, clock: 0 });
    store.getState().setPlaying(false);
    controller.run(request.scenario, request.params, request.driver);
  };

  useKeys(instance, {
    togglePresenter: () => setPresenter((v) => !v),
    leavePresenter: () => setPresenter(false),
    toggleLang: () => setLang(lang === 'zh' ? 'en' : 'zh'),
    pagePoints: (direction) => pagerRef.current?.(direction) ?? false,
  });

  const codeDriver = preferredDriver(['node', 'python'], available);
  const editing: CodeEditing = {
    drafts: code.drafts,
    setDraft: code.setDraft,
    tab: code.tab,
    setTab: code.setTab,
    runnable,
    runEdited(driver, program) {
      const meta = form.meta;
      if (!meta) return;
      // The form's parameters that exist under the program's own language (the server keeps those that are run
      // options, not program values: run-manager's editedRunParams).
      const given = Object.fromEntries(paramsFor(meta, driver).filter((spec) => Object.hasOwn(form.params, spec.name)).map((spec) => [spec.name, form.params[spec.name]]));
      const checked = validateParams(meta, given, driver);
      view.setState({ manual: null, clock: 0 });
      store.getState().setPlaying(false);
      controller.runEdited(meta.id, checked.ok ? checked.params : {}, driver, program);
    },
  };

  if (presenter) {
    return (
      <>
        <NoticeBanner notices={props.notices} onDismiss={props.dismiss} />
        <PresenterView
          scenario={form.scenarioId}
          onExit={() => setPresenter(false)}
          pagerRef={pagerRef}
          extra={
            teaching && (
              <>
                <ClassBar link={teaching.link} noKey={teaching.noKey} compact />
                <ClassQuestion link={teaching.link} instance={instance} />
              </>
            )
          }
        />
      </>
    );
  }

  return (
    <div className="page">
      <TopBar form={form} onRun={run} onPresenter={() => setPresenter(true)} />
      <NoticeBanner notices={props.notices} onDismiss={props.dismiss} />
      {teaching && <ClassBar link={teaching.link} noKey={teaching.noKey} />}
      {teaching && <ClassQuestion link={teaching.link} instance={instance} large />}
      {phase.kind === 'not-found' ? (
        <main className="workspace single">
          <NotFound what={phase.what} id={phase.id} onOpen={(id) => void openRecording(id)} />
        </main>
      ) : (
        <main className="workspace">
          <div className="left">
            <TimelineCard />
            <section className="card console-card">
              <header className="card-head">
                <h2>{t('console.title')}</h2>
                <span className="summary">{t('console.subtitle')}</span>
              </header>
              {form.meta?.interactive && ownsRun && <ChatInput />}
              <ConsolePanel />
            </section>
          </div>
          <aside className="card right">
            <nav className="tabs" role="tablist">
              <button role="tab" aria-selected={tab === 'notice'} className={tab === 'notice' ? 'active' : ''} onClick={() => setTab('notice')} data-testid="tab-notice">
                {t('notice.title')}
              </button>
              <button role="tab" aria-selected={tab === 'code'} className={tab === 'code' ? 'active' : ''} onClick={() => setTab('code')} data-testid="tab-code">
                {t('notice.code')}
              </button>
              {teaching && (
                <button role="tab" aria-selected={tab === 'class'} className={tab === 'class' ? 'active' : ''} onClick={() => setTab('class')} data-testid="tab-class">
                  {t('class.tab')}
                </button>
              )}
              <button role="tab" aria-selected={tab === 'runs'} className={tab === 'runs' ? 'active' : ''} onClick={() => setTab('runs')} data-testid="tab-runs">
                {t('runs.tab')}
              </button>
            </nav>
            <div className="tab-body">
              {tab === 'notice' && <NoticePanel scenario={form.scenarioId} />}
              {tab === 'code' && <CodePanel scenario={form.scenarioId} prefer={codeDriver} editing={editing} />}
              {tab === 'class' && teaching && <ClassPanel link={teaching.link} scenario={form.scenarioId} params={form.params} driver={form.driver} />}
              {tab === 'runs' && <RunList onOpen={(id) => void openRecording(id)} onOpenFile={(file) => void openFile(file)} refreshKey={runEndedAt} />}
            </div>
          </aside>
        </main>
      )}
      {dragging && <div className="drop-overlay">{t('drop.here')}</div>}
    </div>
  );
}
