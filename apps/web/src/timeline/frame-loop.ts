// Frames on demand (cf. Perfetto's raf scheduler): nothing runs while nothing changes. `invalidate()`
// asks for one frame; a frame that returns true (the clock is moving: a live run, a replay playing) asks
// for the next one itself.

export interface FrameLoop {
  /** Draw once more, at the next animation frame (several calls before it make one frame). */
  invalidate(): void;
  stop(): void;
}

export interface FrameClock {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

const browserClock: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** `frame(now)` draws and answers whether to keep animating. */
export function createFrameLoop(frame: (now: number) => boolean, clock: FrameClock = browserClock): FrameLoop {
  let handle: number | null = null;
  let stopped = false;
  const tick = (now: number) => {
    handle = null;
    if (stopped) return;
    if (frame(now)) schedule();
  };
  const schedule = () => {
    if (handle === null && !stopped) handle = clock.request(tick);
  };
  return {
    invalidate: schedule,
    stop() {
      stopped = true;
      if (handle !== null) clock.cancel(handle);
      handle = null;
    },
  };
}
