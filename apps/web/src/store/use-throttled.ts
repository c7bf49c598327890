// A store selection that re-renders at most every `ms` milliseconds (trailing edge included), for views
// such as the console that would otherwise re-render on every frame of a fast replay.
import { useEffect, useState } from 'react';
import { useTimelineInstance } from './timeline-context.js';
import type { TimelineState } from './types.js';

export function useThrottledTimeline<T>(selector: (s: TimelineState) => T, ms: number): T {
  const { store } = useTimelineInstance();
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let current = selector(store.getState());
    const flush = () => {
      timer = null;
      last = performance.now();
      setValue(() => current);
    };
    // What changed between the render and this subscription shows at the next tick.
    const catchUp = setTimeout(() => setValue(() => current), 0);
    const unsubscribe = store.subscribe((s) => {
      const next = selector(s);
      if (next === current) return;
      current = next;
      const wait = ms - (performance.now() - last);
      if (wait <= 0 && timer === null) flush();
      else if (timer === null) timer = setTimeout(flush, Math.max(0, wait));
    });
    return () => {
      unsubscribe();
      clearTimeout(catchUp);
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, selector, ms]);
  return value;
}
