// A ref that always holds the latest value, for long-lived listeners (keys, frames, pointer) that must
// not restart when React re-renders. Written after render (a layout effect), never during it.
import { useLayoutEffect, useRef, type RefObject } from 'react';

export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
