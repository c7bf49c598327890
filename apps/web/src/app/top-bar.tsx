// The top bar and the parameter row: scenario, Run or Cancel, driver, the run's status, presenter mode,
// language. Run is offered only when the server is reachable and nothing runs; Cancel only while the
// run is live and the server reachable (nothing is ever queued for later), and only to the run's owner:
// a viewer (another tab or device, a share link) is told it is watching.
import { LanguageSwitch } from '../components/language-switch.js';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { canControlRun, canRun, runInProgress } from '../store/run-state.js';
import { ScenarioPicker } from '../components/scenario-picker.js';
import { ParamForm } from '../components/param-form.js';
import { RunStatus } from '../components/run-status.js';
import type { RunForm } from './run-form-state.js';

export function TopBar({ form, onRun, onPresenter }: { form: RunForm; onRun(): void; onPresenter(): void }) {
  const { t } = useI18n();
  const { controller } = useTimelineInstance();
  const inProgress = useTimeline((s) => runInProgress(s.run));
  const runnable = useTimeline((s) => canRun(s.run));
  const controllable = useTimeline((s) => canControlRun(s.run));
  const viewer = useTimeline((s) => s.run.role === 'viewer');
  const { meta, driver } = form;
  return (
    <>
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
        <ScenarioPicker value={form.scenarioId} onChange={form.choose} disabled={inProgress} />
        {inProgress && viewer ? (
          <span className="muted" data-testid="watching">
            {t('run.watching')}
          </span>
        ) : inProgress ? (
          <button className="btn danger" onClick={() => controller.cancel()} disabled={!controllable} data-testid="cancel">
            ■ {t('run.cancel')}
          </button>
        ) : (
          <button className="btn primary" onClick={onRun} disabled={!runnable || !meta} data-testid="run">
            ▶ {t('run.run')}
          </button>
        )}
        {meta && meta.drivers.length > 1 && (
          <span className="driver">
            <span className="muted">{t('run.driver')}</span>
            <span className="segmented" role="group" aria-label={t('run.driver')}>
              {meta.drivers.map((d) => (
                <button key={d} className={driver === d ? 'active' : ''} onClick={() => form.setDriver(d)} disabled={inProgress} data-testid={`driver-${d}`}>
                  {d}
                </button>
              ))}
            </span>
          </span>
        )}
        <RunStatus />
        <span className="spacer" />
        {!location.pathname.startsWith('/class/') && (
          <a className="btn ghost" href="/class/new" data-testid="class-new">
            {t('class.open')}
          </a>
        )}
        <button className="btn ghost" onClick={onPresenter} data-testid="presenter-toggle">
          {t('presenter.enter')}
        </button>
        <LanguageSwitch />
      </header>
      {form.specs.length > 0 && <ParamForm specs={form.specs} values={form.params} errors={form.errors} onChange={form.setParams} />}
    </>
  );
}
