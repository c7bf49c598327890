import { describe, expect, test } from 'vitest';
import { createTimelineStore } from '../../src/store/create-timeline-store.js';
import { ownsLiveRunSelector } from '../../src/store/selectors.js';

describe('the role of the page in the live run', () => {
  test('is an owner only for a live run the server said it owns, and forgets it on the next source', () => {
    const s = createTimelineStore();
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
    s.getState().reset({ kind: 'live', runId: 'r1', scenario: null, driver: null });
    expect(ownsLiveRunSelector(s.getState())).toBe(false); // until the server answers
    s.getState().setRole('owner');
    expect(ownsLiveRunSelector(s.getState())).toBe(true);
    s.getState().reset({ kind: 'live', runId: 'r2', scenario: null, driver: null });
    expect(s.getState().role).toBeNull();
    s.getState().setRole('viewer');
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
    s.getState().setRole('owner');
    s.getState().loadRecording(null, [], 'file');
    expect(ownsLiveRunSelector(s.getState())).toBe(false);
  });
});
