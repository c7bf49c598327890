// What the kernel knows about one process, in words: its life (started, first instruction, died, reaped —
// the zombie between the last two), the signals sent to it and whether the kernel saw them, the descriptors it
// had at its start and which it shares with its parent, and its memory (private against shared). Each fact
// says where it came from: the process's own report, the supervisor's, the sampler's reading of /proc, or
// the kernel. Reads the live model: the panel follows a running process.

import type { FactSource, ProcessModel } from '@forkscope/protocol';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { useTimeline } from '../store/timeline-context.js';
import { formatSeconds } from '../timeline/time-scale.js';

const SOURCE_KEY: Record<FactSource, MessageKey> = {
  process: 'detail.source.process',
  supervisor: 'detail.source.supervisor',
  sampler: 'detail.source.sampler',
  kernel: 'detail.source.kernel',
};

/** `1.2 MB`, `640 kB`: memory sizes as a reader compares them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

export function ProcessDetailPanel({ pid, onClose }: { pid: number; onClose: () => void }) {
  const { t } = useI18n();
  const p = useTimeline((s) => s.model.processes[pid]);
  const sources = useTimeline((s) => s.model.run.sources ?? null);
  const processes = useTimeline((s) => s.model.processes);
  if (!p) return null;
  const source = (s: FactSource) => t(SOURCE_KEY[s]);
  const name = (other: number) => {
    const q = processes[other];
    return q ? `${q.name} · ${other}` : `pid ${other}`;
  };
  return (
    <section className="detail-panel" data-testid="detail-panel" data-pid={pid} aria-label={t('detail.title', { name: p.name, pid })}>
      <header className="detail-head">
        <h3>{t('detail.title', { name: p.name, pid })}</h3>
        {sources && (
          <span className="muted small" data-testid="detail-sources">
            {t('detail.sources', { signals: source(sources.signals === 'kernel' ? 'kernel' : 'process'), exits: source(sources.exits === 'kernel' ? 'kernel' : 'sampler') })}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="btn ghost small" onClick={onClose} data-testid="detail-close">
          {t('detail.close')}
        </button>
      </header>
      <div className="detail-body">
        <Life p={p} name={name} />
        <Signals p={p} name={name} source={source} />
        <Descriptors p={p} />
        <Memory p={p} source={source} />
      </div>
    </section>
  );
}

function Life({ p, name }: { p: ProcessModel; name: (pid: number) => string }) {
  const { t } = useI18n();
  const reapedBy = p.exitSeq !== null && p.exitSeq !== undefined ? reaperOf(p) : null;
  return (
    <div className="detail-block" data-testid="detail-life">
      <h4>{t('detail.life')}</h4>
      <ul>
        <li>{t('detail.life.spawned', { t: formatSeconds(p.spawnedAt) })}</li>
        {p.runningAt !== null && <li>{t('detail.life.running', { t: formatSeconds(p.runningAt) })}</li>}
        {p.died && <li>{t('detail.life.died', { t: formatSeconds(p.died.t), source: t(SOURCE_KEY[p.died.source]) })}</li>}
        {p.exitedAt !== null && <li>{t('detail.life.reaped', { t: formatSeconds(p.exitedAt), by: reapedBy === null || reapedBy === 0 ? '?' : name(reapedBy) })}</li>}
        {p.died && p.exitedAt !== null && <li data-testid="detail-zombie">{t('detail.life.zombie', { ms: ((p.exitedAt - p.died.t) / 1000).toFixed(1) })}</li>}
      </ul>
    </div>
  );
}

/** Who reaped it, as the reducer kept it (its OS parent at the end, the reaper for an orphan). */
function reaperOf(p: ProcessModel): number {
  return p.reparented.at(-1)?.to ?? p.osPpid;
}

function Signals({ p, name, source }: { p: ProcessModel; name: (pid: number) => string; source: (s: FactSource) => string }) {
  const { t } = useI18n();
  const signals = p.signals ?? [];
  return (
    <div className="detail-block" data-testid="detail-signals">
      <h4>{t('detail.signals')}</h4>
      {signals.length === 0 ? (
        <p className="muted">{t('detail.none')}</p>
      ) : (
        <ul>
          {signals.map((s) => (
            <li key={s.seq} data-source={s.source ?? 'process'} data-kernel={s.kernel ? 'yes' : 'no'}>
              {t('detail.signal', {
                signal: s.signal,
                sender: s.source === 'supervisor' ? t('timeline.supervisor') : s.byName && s.fromRun === false ? `${s.byName} · ${s.by}` : name(s.by),
                t: formatSeconds(s.t),
                source: source(s.source ?? 'process'),
              })}
              {' — '}
              <span className={s.kernel ? '' : 'muted'}>
                {s.kernel ? t('detail.signal.kernel', { t: formatSeconds(s.kernel.t), result: s.kernel.result ?? '' }) : t('detail.signal.unconfirmed')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Descriptors({ p }: { p: ProcessModel }) {
  const { t } = useI18n();
  if (!p.fds) return null;
  return (
    <div className="detail-block" data-testid="detail-fds">
      <h4>{t('detail.fds', { ppid: p.fds.ppid })}</h4>
      <table className="fd-table">
        <tbody>
          {p.fds.list.map((f) => (
            <tr key={f.fd} data-fd={f.fd} data-shared={f.shared ? 'yes' : 'no'} data-listening={f.listening ?? ''} className={f.role ? 'muted' : ''}>
              <td className="fd-number">{f.fd}</td>
              <td>{f.kind}</td>
              <td className="fd-name">{f.name}</td>
              <td>{f.shared ? t('detail.fds.inherited') : t('detail.fds.own')}</td>
              <td>
                {f.listening !== undefined && t('detail.fds.listening', { port: f.listening })}
                {f.role && t(`detail.fds.role.${f.role}` as MessageKey)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.fds.more > 0 && <p className="muted small">{t('detail.fds.more', { n: p.fds.more })}</p>}
    </div>
  );
}

/** At most this many readings are listed: the first, and the last ones. */
const MEMORY_ROWS = 8;

function Memory({ p, source }: { p: ProcessModel; source: (s: FactSource) => string }) {
  const { t } = useI18n();
  const memory = p.memory ?? [];
  if (memory.length === 0) return null;
  const rows = memory.length <= MEMORY_ROWS ? memory : [memory[0]!, ...memory.slice(-(MEMORY_ROWS - 1))];
  return (
    <div className="detail-block" data-testid="detail-memory">
      <h4>{t('detail.memory')}</h4>
      <ul>
        {rows.map((m) => (
          <li key={m.seq} data-private={m.privateDirty} data-shared={m.sharedDirty + m.sharedClean} data-source={m.source}>
            {t('detail.memory.row', {
              t: formatSeconds(m.t),
              private: formatBytes(m.privateDirty),
              shared: formatBytes(m.sharedDirty + m.sharedClean),
              rss: formatBytes(m.rss),
              source: source(m.source),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
