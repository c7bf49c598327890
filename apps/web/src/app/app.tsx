// The playground page: top bar (scenario, parameters, driver, Run/Cancel, language, presenter), the
// timeline and console on the left, "what to notice" / code / recorded runs on the right.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Driver } from '@forkscope/protocol';
import { catalogue, getScenario, paramsFor, validateParams } from '@forkscope/scenarios/catalogue';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { TimelineProvider, useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { ownsLiveRunSelector, runStatusSelector, sourceSelector } from '../store/selectors.js';
import type { ServerError } from '../net/run-controller.js';
import type { ConnectionStatus } from '../net/server-connection.js';
import { recordingText } from '../net/rest-client.js';
import { readRecording } from '../replay/load-recording.js';
import { fitView, stepEvent, togglePlay, zoomBy } from '../replay/playback.js';
import { ScenarioPicker } from '../components/scenario-picker.js';
import { ParamForm } from '../components/param-form.js';
import { TimelineCard } from '../components/timeline-card.js';
import { ConsolePanel } from '../components/console-panel.js';
import { ChatInput } from '../components/chat-input.js';
import { NoticePanel } from '../components/notice-panel.js';
import { CodePanel } from '../components/code-panel.js';
import { RunList } from '../components/run-list.js';
import { NoticeBanner, type Notice } from '../components/error-banner.js';
import { PresenterView } from '../components/presenter-view.js';
import { parseRoute } from './route.js';
import { installTestHook } from '../debug/test-hook.js';

export function App() {
  const { t } = useI18n();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [pending, setPending] = useState(false);
  const nextId = useRef(1);
  const lostRef = useRef(false);
  const notify = useCallback((tone: Notice['tone'], text: string) => {
    const id = nextId.current++;
    setNotices((list) => [...list.slice(-3), { id, tone, text }]);
    return id;
  }, []);
  const tRef = useRef(t);
  useLayoutEffect(() => {
    tRef.current = t;
  }, [t]);
  const hooks = useMemo(
    () => ({
      onError(error: ServerError) {
        const known = `err.${error.code}` as MessageKey;
        const tr = tRef.current;
        const text = tr(known).startsWith('err.') ? tr('err.generic', { message: error.message, code: error.code }) : tr(known, { message: error.message, field: error.field ?? '' });
        notify('error', text);
      },
      onStatus(status: ConnectionStatus, reconnected: boolean) {
        if (status === 'lost' && !lostRef.current) {
          lostRef.current = true;
          notify('error', tRef.current('err.connection'));
        }
        if (status === 'open' && reconnected) {
          lostRef.current = false;
          setNotices((list) => list.filter((n) => n.text !== tRef.current('err.connection')));
          notify('info', tRef.current('err.reconnected'));
        }
      },
      onPending: setPending,
    }),
    [notify],
  );
  return (
    <TimelineProvider hooks={hooks}>
      <Playground notices={notices} setNotices={setNotices} notify={notify} pending={pending} />
    </TimelineProvider>
  );
}

function defaults(id: string): Record<string, unknown> {
  return Object.fromEntries((getScenario(id)?.params ?? []).map((p) => [p.name, p.default]));
}

function Playground(props: { notices: Notice[]; setNotices: React.Dispatch<React.SetStateAction<Notice[]>>; notify(tone: Notice['tone'], text: string): number; pending: boolean }) {
  const { t, lang, setLang } = useI18n();
  const instance = useTimelineInstance();
  const { store, controller } = instance;
  const source = useTimeline(sourceSelector);
  const runStatus = useTimeline(runStatusSelector);
  // Viewers (another tab or device, a share link) watch only: no Cancel, no input box.
  const ownsRun = useTimeline(ownsLiveRunSelector);
  const runScenario = useTimeline((s) => s.model.run.scenario);
  const runEndedAt = useTimeline((s) => s.model.run.endedAt);
  const [scenarioId, setScenarioId] = useState<string>(() => catalogue.find((s) => s.id === 'first-child')?.id ?? catalogue[0]?.id ?? '');
  const [paramsById, setParamsById] = useState<Record<string, Record<string, unknown>>>({});
  const [driverById, setDriverById] = useState<Record<string, Driver>>({});
  const [paramErrors, setParamErrors] = useState<Record<string, string>>({});
  const [presenter, setPresenter] = useState(false);
  const [tab, setTab] = useState<'notice' | 'code' | 'runs'>('notice');
  const [dragging, setDragging] = useState(false);
  const meta = getScenario(scenarioId);
  const params = paramsById[scenarioId] ?? defaults(scenarioId);
  const driver: Driver = driverById[scenarioId] ?? meta?.drivers[0] ?? 'node';
  // Some parameters exist for one driver only (Python's buffering and start method).
  const specs = meta ? paramsFor(meta, driver) : [];
  const running = source.kind === 'live' && runStatus === 'running';
  const { notify } = props;

  useEffect(() => installTestHook(instance), [instance]);

  // The scenario on screen follows what is loaded (a replay, a watched run): adjusted while rendering
  // when the loaded one changes, not in an effect (which would render twice).
  const loadedScenario = runScenario ?? (source.kind === 'replay' ? source.header?.scenario : null) ?? null;
  const [followed, setFollowed] = useState<string | null>(null);
  if (loadedScenario !== followed) {
    setFollowed(loadedScenario);
    if (loadedScenario && getScenario(loadedScenario)) setScenarioId(loadedScenario);
  }

  const openRecording = useCallback(
    async (runId: string, atUs?: number, push = true) => {
      try {
        const loaded = readRecording(await recordingText(runId));
        if (!loaded.ok) {
          notify('error', t('drop.invalid', { message: loaded.message }));
          return;
        }
        controller.detach();
        store.getState().loadRecording(loaded.header, loaded.events, 'server', atUs);
        instance.view.setState({ clock: atUs ?? store.getState().duration, manual: null });
        if (push) history.pushState(null, '', `/runs/${encodeURIComponent(runId)}`);
      } catch (error) {
        notify('error', (error as Error).message);
      }
    },
    [controller, store, instance, notify, t],
  );

  // Route on load and on back/forward.
  useEffect(() => {
    const route = () => {
      const r = parseRoute(location.pathname, location.search);
      if (r.kind === 'recording') void openRecording(r.runId, r.atUs, false);
      if (r.kind === 'live') {
        instance.view.setState({ manual: null });
        controller.watch(r.runId);
      }
    };
    route();
    window.addEventListener('popstate', route);
    return () => window.removeEventListener('popstate', route);
  }, [controller, openRecording, instance]);

  // A started run gets its own address, so it can be watched from another device.
  const liveRunId = source.kind === 'live' ? source.runId : null;
  useEffect(() => {
    if (liveRunId && location.pathname !== `/live/${liveRunId}`) history.pushState(null, '', `/live/${encodeURIComponent(liveRunId)}`);
  }, [liveRunId]);

  const run = () => {
    if (!meta) return;
    const given = Object.fromEntries(specs.filter((spec) => Object.hasOwn(params, spec.name)).map((spec) => [spec.name, params[spec.name]]));
    const checked = validateParams(meta, given, driver);
    if (!checked.ok) {
      setParamErrors({ [checked.field]: checked.message });
      return;
    }
    setParamErrors({});
    instance.view.setState({ manual: null, clock: 0 });
    store.getState().setPlaying(false);
    controller.run(meta.id, checked.params, driver);
  };

  // Keyboard: p presenter; space play; ←/→ step (shift: lifecycle events only); +/− zoom; 0 fit; f full screen;
  // ↑/↓ scroll the presenter's teaching points.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      switch (e.key) {
        case 'p':
          setPresenter((v) => !v);
          break;
        case 'Escape':
          setPresenter(false);
          break;
        case ' ':
          togglePlay(instance);
          break;
        case 'ArrowRight':
          stepEvent(instance, 1, e.shiftKey);
          break;
        case 'ArrowLeft':
          stepEvent(instance, -1, e.shiftKey);
          break;
        case '+':
        case '=':
          zoomBy(instance, 1.5);
          break;
        case '-':
        case '_':
          zoomBy(instance, 1 / 1.5);
          break;
        case '0':
          fitView(instance);
          break;
        case 'ArrowDown':
        case 'ArrowUp': {
          // Presenter mode: the teaching points may not all fit at 1280×720; scroll them by keyboard.
          const notes = document.querySelector<HTMLElement>('[data-testid="presenter-notes"]');
          if (!notes) return;
          notes.scrollBy({ top: (e.key === 'ArrowDown' ? 0.6 : -0.6) * notes.clientHeight });
          break;
        }
        case 'f':
          if (document.fullscreenElement) void document.exitFullscreen();
          else void document.documentElement.requestFullscreen?.().catch(() => undefined);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [instance]);

  // Drop a recording anywhere on the page to replay it; a file that is not one changes nothing.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = async (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        notify('error', t('drop.readFailed', { file: file.name, message: (error as Error).message }));
        return;
      }
      const loaded = readRecording(text);
      if (!loaded.ok) {
        notify('error', t('drop.invalid', { message: `${file.name}: ${loaded.message}` }));
        return;
      }
      controller.detach();
      store.getState().loadRecording(loaded.header, loaded.events, 'file');
      instance.view.setState({ clock: store.getState().duration, manual: null });
      history.pushState(null, '', '/');
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [controller, store, instance, notify, t]);

  const statusKey: MessageKey = props.pending ? 'run.status.starting' : source.kind === 'replay' ? 'run.status.replay' : (`run.status.${runStatus}` as MessageKey);
  const dismiss = (id: number) => props.setNotices((list) => list.filter((n) => n.id !== id));

  if (presenter) {
    return (
      <>
        <NoticeBanner notices={props.notices} onDismiss={dismiss} />
        <PresenterView scenario={scenarioId} onExit={() => setPresenter(false)} />
      </>
    );
  }

  return (
    <div className="page">
      <header className="topbar">
        <a className="brand" href="/" aria-label="forkscope">
          <span className="logo" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          forkscope
        </a>
        <span className="divider" />
        <ScenarioPicker
          value={scenarioId}
          onChange={(id) => {
            setScenarioId(id);
            setParamErrors({});
          }}
          disabled={running}
        />
        {running && ownsRun ? (
          <button className="btn danger" onClick={() => controller.cancel()} data-testid="cancel">
            ■ {t('run.cancel')}
          </button>
        ) : running ? (
          <span className="muted" data-testid="watching">
            {t('run.watching')}
          </span>
        ) : (
          <button className="btn primary" onClick={run} disabled={props.pending || !meta} data-testid="run">
            ▶ {t('run.run')}
          </button>
        )}
        {meta && meta.drivers.length > 1 && (
          <span className="driver">
            <span className="muted">{t('run.driver')}</span>
            <span className="segmented" role="group" aria-label={t('run.driver')}>
              {meta.drivers.map((d) => (
                <button key={d} className={driver === d ? 'active' : ''} onClick={() => setDriverById((m) => ({ ...m, [scenarioId]: d }))} disabled={running} data-testid={`driver-${d}`}>
                  {d}
                </button>
              ))}
            </span>
          </span>
        )}
        <span className="run-status" data-testid="run-status" data-status={props.pending ? 'starting' : runStatus}>
          <span className={`dot status-${props.pending ? 'starting' : runStatus}`} />
          {t(statusKey)}
        </span>
        <span className="spacer" />
        <button className="btn ghost" onClick={() => setPresenter(true)} data-testid="presenter-toggle">
          {t('presenter.enter')}
        </button>
        <span className="segmented lang" role="group" aria-label={t('lang.switch')}>
          <button className={lang === 'zh' ? 'active' : ''} onClick={() => setLang('zh')} data-testid="lang-zh">
            中文
          </button>
          <button className={lang === 'en' ? 'active' : ''} onClick={() => setLang('en')} data-testid="lang-en">
            EN
          </button>
        </span>
      </header>
      {specs.length > 0 && (
        <ParamForm specs={specs} values={params} errors={paramErrors} onChange={(next) => setParamsById((m) => ({ ...m, [scenarioId]: next }))} />
      )}
      <NoticeBanner notices={props.notices} onDismiss={dismiss} />
      <main className="workspace">
        <div className="left">
          <TimelineCard />
          <section className="card console-card">
            <header className="card-head">
              <h2>{t('console.title')}</h2>
              <span className="summary">{t('console.subtitle')}</span>
            </header>
            {meta?.interactive && ownsRun && <ChatInput />}
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
            <button role="tab" aria-selected={tab === 'runs'} className={tab === 'runs' ? 'active' : ''} onClick={() => setTab('runs')} data-testid="tab-runs">
              {t('runs.tab')}
            </button>
          </nav>
          <div className="tab-body">
            {tab === 'notice' && <NoticePanel scenario={scenarioId} />}
            {tab === 'code' && <CodePanel scenario={scenarioId} />}
            {tab === 'runs' && <RunList onOpen={(id) => void openRecording(id)} refreshKey={runEndedAt} />}
          </div>
        </aside>
      </main>
      {dragging && <div className="drop-overlay">{t('drop.here')}</div>}
    </div>
  );
}
