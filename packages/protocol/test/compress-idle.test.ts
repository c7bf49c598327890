import { describe, expect, test } from 'vitest';
import { applyEvents, compressIdle, createTimelineModel, formatHidden } from '../src/index.js';
import { daemonKilledAtMainEnd } from './streams.js';

describe('compressIdle', () => {
  test('the 2.9 s wait of §5.2 becomes one labelled break; action stays at scale', () => {
    const map = compressIdle(daemonKilledAtMainEnd, { maxGapUs: 200_000 });
    expect(map.breaks).toEqual([{ start: 243_100, end: 2_943_000, hiddenUs: 2_699_900, label: '2.70 s hidden' }]);
  });

  test('from a model gives the same breaks as from its events', () => {
    const model = applyEvents(createTimelineModel(), daemonKilledAtMainEnd);
    expect(compressIdle(model, { maxGapUs: 200_000 }).breaks).toEqual(compressIdle(daemonKilledAtMainEnd, { maxGapUs: 200_000 }).breaks);
  });

  test('no gap longer than the limit: no break', () => {
    const map = compressIdle([{ t: 0 }, { t: 100 }, { t: 250 }] as never, { maxGapUs: 200 });
    expect(map.breaks).toEqual([]);
  });

  test('labels', () => {
    expect([1000, 4000, 2_750_000].map(formatHidden)).toEqual(['1 ms hidden', '4 ms hidden', '2.75 s hidden']);
  });

  test.each([
    [{ maxGapUs: 0 }, 'Expected the `maxGapUs` option to be a positive number of microseconds, got `0` (number)'],
    [{ maxGapUs: Number.NaN }, 'Expected the `maxGapUs` option to be a positive number of microseconds, got `NaN` (number)'],
  ])('misuse throws naming the option: %j', (options, message) => {
    expect(() => compressIdle([], options)).toThrow(expect.objectContaining({ name: 'TypeError', message, code: 'ERR_INVALID_OPTION' }));
  });
});
