import { expect, test } from 'vitest';
import { createFrameLoop, type FrameClock } from '../../src/timeline/frame-loop.js';

/** A frame clock driven by hand: `flush()` runs the frame that was asked for, if any. */
function manualClock() {
  let next: ((now: number) => void) | null = null;
  let handles = 0;
  let now = 0;
  const clock: FrameClock = {
    request(callback) {
      next = callback;
      return ++handles;
    },
    cancel() {
      next = null;
    },
  };
  return {
    clock,
    get pending() {
      return next !== null;
    },
    flush() {
      const run = next;
      next = null;
      run?.((now += 16));
      return run !== null;
    },
  };
}

test('no frame runs until something is invalidated; several invalidations make one frame', () => {
  const c = manualClock();
  let frames = 0;
  const loop = createFrameLoop(() => {
    frames += 1;
    return false;
  }, c.clock);
  expect(c.pending).toBe(false);
  loop.invalidate();
  loop.invalidate();
  loop.invalidate();
  expect(c.flush()).toBe(true);
  expect(frames).toBe(1);
  // Idle: nothing asked for, nothing runs — 0 frames however long it waits.
  for (let i = 0; i < 100; i++) c.flush();
  expect(frames).toBe(1);
});

test('a frame that is animating asks for the next one until it stops', () => {
  const c = manualClock();
  let left = 5;
  let frames = 0;
  const loop = createFrameLoop(() => {
    frames += 1;
    return --left > 0;
  }, c.clock);
  loop.invalidate();
  while (c.flush());
  expect(frames).toBe(5);
  expect(c.pending).toBe(false);
});

test('stop cancels the pending frame and ignores later invalidations', () => {
  const c = manualClock();
  let frames = 0;
  const loop = createFrameLoop(() => {
    frames += 1;
    return true;
  }, c.clock);
  loop.invalidate();
  loop.stop();
  loop.invalidate();
  expect(c.flush()).toBe(false);
  expect(frames).toBe(0);
});
