// Hot view state — viewport, playhead, hover — changes up to 60 times a second, so it lives in its own
// small vanilla store that the canvas reads on requestAnimationFrame. React components never subscribe to
// it with hooks; the few DOM bits that show it (time readout, tooltip, exit badges) are updated from the
// frame loop through refs.

import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ViewState {
  /** A manual viewport after zoom or pan; null = fit the whole run and follow it. */
  manual: { pxPerUs: number; originPx: number } | null;
  /** The time shown as "now", µs: the live run's clock, or the replay playhead. */
  clock: number;
  /** Pointer position over the plot, CSS px, or null. */
  pointer: { x: number; y: number } | null;
  /** seq of the marker under the pointer. */
  hoverSeq: number | null;
}

export type ViewStore = StoreApi<ViewState>;

export function createViewStore(): ViewStore {
  return createStore<ViewState>()(() => ({ manual: null, clock: 0, pointer: null, hoverSeq: null }));
}
