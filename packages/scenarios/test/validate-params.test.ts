import { describe, expect, test } from 'vitest';
import { getScenario, paramsFor, parseParamText, validateParams } from '../src/catalogue.js';
import type { ScenarioMeta } from '../src/types.js';

const scenario = (id: string): ScenarioMeta => {
  const meta = getScenario(id);
  if (!meta) throw new Error(id);
  return meta;
};

describe('validateParams', () => {
  test('no input gives the seed defaults', () => {
    expect(validateParams(scenario('join-in-loop'), undefined)).toEqual({ ok: true, params: { count: 5, join: 'each' } });
    expect(validateParams(scenario('daemon-killed-at-main-end'), {})).toEqual({ ok: true, params: { mainSleep: 0.1 } });
    expect(validateParams(scenario('terminate'), null)).toEqual({ ok: true, params: {} });
  });

  test("a driver's own parameters: defaults under that driver only, refused under another", () => {
    expect(validateParams(scenario('pids'), {}, 'node')).toEqual({ ok: true, params: { count: 5 } });
    expect(validateParams(scenario('pids'), {}, 'python')).toEqual({ ok: true, params: { count: 5, startMethod: 'fork' } });
    expect(validateParams(scenario('first-child'), { buffering: 'pipe' }, 'python')).toEqual({ ok: true, params: { mainSleep: 1, buffering: 'pipe' } });
    expect(validateParams(scenario('first-child'), { buffering: 'pipe' }, 'node')).toEqual({
      ok: false,
      code: 'ERR_BAD_PARAM',
      field: 'buffering',
      message: 'Parameter "buffering" of scenario "first-child" applies to the python driver only, not node',
    });
    expect(validateParams(scenario('pids'), { startMethod: 'vfork' }, 'python')).toMatchObject({ ok: false, field: 'startMethod', message: expect.stringContaining('to be one of "fork", "spawn", "forkserver", got "vfork"') });
    expect(paramsFor(scenario('first-child'), 'node').map((p) => p.name)).toEqual(['mainSleep']);
    expect(paramsFor(scenario('first-child'), 'python').map((p) => p.name)).toEqual(['mainSleep', 'buffering']);
  });

  test('given values replace defaults, lists are copied', () => {
    const messages = ['a', 'b'];
    const r = validateParams(scenario('socket-chat'), { clients: 3, messages });
    expect(r).toEqual({ ok: true, params: { clients: 3, messages: ['a', 'b'], interactive: false } });
    if (r.ok) expect(r.params.messages).not.toBe(messages);
  });

  test.each([
    ['pids', { count: 0 }, 'count', 'Expected parameter "count" of scenario "pids" to be an integer from 1 to 16, got 0 (number)'],
    ['pids', { count: 17 }, 'count', 'to be an integer from 1 to 16, got 17 (number)'],
    ['pids', { count: 2.5 }, 'count', 'to be an integer from 1 to 16, got 2.5 (number)'],
    ['pids', { count: '5' }, 'count', 'to be an integer from 1 to 16, got "5" (string)'],
    ['join-in-loop', { join: 'sometimes' }, 'join', 'to be one of "each", "after-loop", "none", got "sometimes" (string)'],
    ['join', { join: 'yes' }, 'join', 'to be true or false, got "yes" (string)'],
    ['daemon-killed-at-main-end', { mainSleep: 0.9 }, 'mainSleep', 'to be a number from 0 to 0.8 (s), got 0.9 (number)'],
    ['daemon', { mainSleep: Number.NaN }, 'mainSleep', 'to be a number from 3 to 30 (s), got null (number)'],
    ['socket-chat', { messages: 'hello' }, 'messages', 'to be a list of at most 8 strings of at most 200 characters each, got "hello" (string)'],
    ['socket-chat', { messages: ['x'.repeat(201)] }, 'messages', 'to be a list of at most 8 strings'],
    ['socket-chat', { messages: Array(9).fill('m') }, 'messages', 'to be a list of at most 8 strings'],
  ])('%s %j is refused, naming %s and its bounds', (id, input, field, message) => {
    const r = validateParams(scenario(id), input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('ERR_BAD_PARAM');
    expect(r.field).toBe(field);
    expect(r.message).toContain(message);
  });

  test('an unknown parameter is named with the valid ones', () => {
    expect(validateParams(scenario('join-in-loop'), { joins: 'each' })).toEqual({
      ok: false,
      code: 'ERR_UNKNOWN_PARAM',
      field: 'joins',
      message: 'Scenario "join-in-loop" has no parameter "joins"; valid parameters: count, join',
    });
    const r = validateParams(scenario('terminate'), { x: 1 });
    expect(!r.ok && r.message).toBe('Scenario "terminate" has no parameter "x"; it takes no parameters');
  });

  test('parameters must be an object', () => {
    const r = validateParams(scenario('pids'), [5]);
    expect(!r.ok && r.message).toBe('Expected the parameters of scenario "pids" to be an object, got [5] (array)');
  });
});

describe('parseParamText', () => {
  const spec = (id: string, name: string) => scenario(id).params.find((p) => p.name === name)!;
  test('turns text into the spec type, or leaves it for validateParams to refuse', () => {
    expect(parseParamText(spec('join', 'join'), 'true')).toBe(true);
    expect(parseParamText(spec('join', 'join'), 'yes')).toBe('yes');
    expect(parseParamText(spec('pids', 'count'), '7')).toBe(7);
    expect(parseParamText(spec('pids', 'count'), '')).toBe('');
    expect(parseParamText(spec('daemon', 'mainSleep'), '0.5')).toBe(0.5);
    expect(parseParamText(spec('socket-chat', 'messages'), 'a,b')).toEqual(['a', 'b']);
    expect(parseParamText(spec('socket-chat', 'messages'), '')).toEqual([]);
    expect(parseParamText(spec('join-in-loop', 'join'), 'none')).toBe('none');
  });
});
