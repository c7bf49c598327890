// Reading a recording (a dropped or opened file, or the server's copy) with core's parseRecording, and
// putting it on screen. A file that is not a recording is refused with the line that is wrong; one with
// nothing to show (a header alone, only unknown event types) is refused too: in both cases the picture
// on screen stays as it was.

import { parseRecording, type ForkscopeEvent, type RecordingHeader } from '@forkscope/protocol';
import type { TimelineInstance } from '../store/timeline-context.js';

export type LoadedRecording =
  | { ok: true; header: RecordingHeader; events: ForkscopeEvent[]; skipped: number }
  | { ok: false; reason: 'invalid'; line: number; message: string }
  | { ok: false; reason: 'empty'; skipped: number };

export function readRecording(text: string): LoadedRecording {
  const parsed = parseRecording(text);
  if (!parsed.ok) return { ok: false, reason: 'invalid', line: parsed.line, message: parsed.message };
  if (parsed.events.length === 0) return { ok: false, reason: 'empty', skipped: parsed.skipped };
  return { ok: true, header: parsed.header, events: parsed.events, skipped: parsed.skipped };
}

/** Replaces what the page shows with the recording, positioned at `atUs` (default: its end). */
export function showRecording(instance: TimelineInstance, loaded: Extract<LoadedRecording, { ok: true }>, origin: 'server' | 'file', atUs?: number): void {
  const { store, view, controller } = instance;
  controller.detach();
  store.getState().setPlaying(false);
  store.getState().loadRecording(loaded.header, loaded.events, origin, atUs, loaded.skipped);
  const { duration } = store.getState();
  view.setState({ clock: Math.min(atUs ?? duration, duration), manual: null });
}
