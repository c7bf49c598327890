// The address and the page follow each other: `/runs/<id>` opens a recording, `/live/<id>` watches a
// run, anything else is a not-found page; a run this page starts gets its own `/live/<id>` address.
import { useLatest } from './use-latest.js';
import { useCallback, useEffect } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { HttpError, recordingText } from '../net/rest-client.js';
import { readRecording, showRecording } from '../replay/load-recording.js';
import { useTimeline, type TimelineInstance } from '../store/timeline-context.js';
import type { Notify } from '../components/notice-banner.js';
import { parseRoute } from './route.js';

/** `fixedAddress`: the page keeps its address (a class page); recordings and runs open without changing it. */
export function useRouting(instance: TimelineInstance, notify: Notify, fixedAddress = false): { openRecording(runId: string, atUs?: number, push?: boolean): Promise<void> } {
  const { store, view, controller } = instance;
  const { t } = useI18n();
  const tRef = useLatest(t);

  const openRecording = useCallback(
    async (runId: string, atUs?: number, pushWanted = true) => {
      const push = pushWanted && !fixedAddress;
      let text: string;
      try {
        text = await recordingText(runId);
      } catch (error) {
        if (error instanceof HttpError && (error.status === 404 || error.status === 400)) {
          controller.detach();
          store.getState().dispatch({ type: 'not-found', what: 'run', id: runId });
          if (push) history.pushState(null, '', `/runs/${encodeURIComponent(runId)}`);
        } else notify('error', (error as Error).message);
        return;
      }
      const loaded = readRecording(text);
      if (!loaded.ok) {
        notify('error', loaded.reason === 'invalid' ? tRef.current('drop.invalid', { message: loaded.message }) : tRef.current('drop.empty', { file: runId }));
        return;
      }
      showRecording(instance, loaded, 'server', atUs);
      if (push) history.pushState(null, '', `/runs/${encodeURIComponent(runId)}`);
    },
    [instance, store, controller, notify, tRef, fixedAddress],
  );

  // Route on load and on back/forward.
  useEffect(() => {
    const route = () => {
      const r = parseRoute(location.pathname, location.search);
      if (r.kind === 'recording') void openRecording(r.runId, r.atUs, false);
      if (r.kind === 'live') {
        view.setState({ manual: null });
        controller.watch(r.runId);
      }
      if (r.kind === 'unknown') store.getState().dispatch({ type: 'not-found', what: 'path', id: r.path });
      if (r.kind === 'home' && store.getState().run.phase.kind === 'not-found') store.getState().dispatch({ type: 'reset' });
    };
    route();
    window.addEventListener('popstate', route);
    return () => window.removeEventListener('popstate', route);
  }, [controller, openRecording, store, view]);

  // A started run gets its own address, so it can be watched from another device.
  const liveRunId = useTimeline((s) => (s.source.kind === 'live' ? s.source.runId : null));
  useEffect(() => {
    if (liveRunId && !fixedAddress && location.pathname !== `/live/${liveRunId}`) history.pushState(null, '', `/live/${encodeURIComponent(liveRunId)}`);
  }, [liveRunId, fixedAddress]);

  return { openRecording };
}
