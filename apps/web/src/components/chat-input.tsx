// Run input for interactive scenarios (socket-chat): a line typed here goes to the chosen process's stdin.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useTimeline, useTimelineInstance } from '../store/timeline-context.js';
import { canControlRun } from '../store/run-state.js';
import { useTimelineStructure } from '../store/structure.js';

export function ChatInput() {
  const { t } = useI18n();
  const { controller } = useTimelineInstance();
  const { model } = useTimelineStructure();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  // While the server is unreachable nothing can be sent: the form says so instead of queueing.
  const online = useTimeline((s) => canControlRun(s.run));
  const alive = model.laneOrder.map((pid) => model.processes[pid]!).filter((p) => p.exitedAt === null && p.runningAt !== null);
  const clients = alive.filter((p) => /client/i.test(p.name) || /client/i.test(p.target ?? ''));
  const candidates = clients.length > 0 ? clients : alive;
  const pid = chosen !== null && candidates.some((p) => p.pid === chosen) ? chosen : (candidates[0]?.pid ?? null);
  if (model.run.status !== 'running' || candidates.length === 0) return null;
  return (
    <form
      className="chat-input"
      onSubmit={(e) => {
        e.preventDefault();
        if (pid === null || text === '') return;
        if (controller.input(pid, text)) setText('');
      }}
    >
      <label>
        {t('chat.to')}{' '}
        <select value={pid ?? ''} onChange={(e) => setChosen(Number(e.target.value))} data-testid="chat-target">
          {candidates.map((p) => (
            <option key={p.pid} value={p.pid}>
              {p.name} · {p.pid}
            </option>
          ))}
        </select>
      </label>
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder={online ? t('chat.placeholder') : t('chat.offline')} data-testid="chat-text" maxLength={500} disabled={!online} />
      <button type="submit" className="btn" data-testid="chat-send" disabled={!online}>
        {t('chat.send')}
      </button>
    </form>
  );
}
