// The checks where code generation is forbidden (a page under a CSP without 'unsafe-eval'): the same answers.
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('compiledCheck without eval', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to the interpreter and gives the same answers', async () => {
    vi.stubGlobal('Function', function () {
      throw new EvalError("Evaluating a string as JavaScript violates the following Content Security Policy directive");
    });
    const { validateEvent, parseRecording } = await import('../src/index.js');
    expect(validateEvent({ seq: 0, t: 0, type: 'process.running', pid: 5, ppid: 1, name: 'Process-1' })).toMatchObject({ ok: true });
    expect(validateEvent({ seq: 0, t: 0, type: 'process.running', pid: 5, ppid: 1 })).toMatchObject({ ok: false, field: 'name' });
    const header = { format: 'forkscope-recording', version: 1, runId: 'r1', scenario: null, params: {}, driver: 'node', startedAt: '2026-01-01T00:00:00.000Z', host: { platform: 'linux', release: '6', node: '20', cpus: 2, python: null } };
    expect(parseRecording(`${JSON.stringify(header)}\n`)).toMatchObject({ ok: true });
  });
});
