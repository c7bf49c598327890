import { describe, expect, test } from 'vitest';
import { createTimelineStore } from '../../src/store/create-timeline-store.js';
import { ownsLiveRunSelector } from '../../src/store/selectors.js';
import { canControlRun } from '../../src/store/run-state.js';

describe('the role of the page in the live run', () => {
  test('owner of a run it started; a watcher until the server says it owns the run; nothing after the next source', () => {
    const s = createTimelineStore();
    s.getState().dispatch({ type: 'connection-open', serverPid: 10 });
    s.getState().dispatch({ type: 'run-requested' });
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: null, driver: null });
    s.getState().dispatch({ type: 'run-accepted', runId: 'r1' });
    expect(ownsLiveRunSelector(s.getState())).toBe(true);
    expect(canControlRun(s.getState().run)).toBe(true);

    // Watching another run (a /live link, or this tab after a reload): a viewer until the server answers.
    s.getState().reset({ kind: 'live', runId: 'r2', scenario: null, driver: null });
    s.getState().dispatch({ type: 'watch', runId: 'r2' });
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
    expect(canControlRun(s.getState().run)).toBe(false);
    s.getState().dispatch({ type: 'role', runId: 'r1', role: 'owner' }); // about another run: ignored
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
    s.getState().dispatch({ type: 'role', runId: 'r2', role: 'owner' });
    expect(ownsLiveRunSelector(s.getState())).toBe(true);
    expect(canControlRun(s.getState().run)).toBe(true);

    s.getState().loadRecording(null, [], 'file');
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
  });
});
