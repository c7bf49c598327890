// Reading a recording (a dropped file or the server's copy) with core's parseRecording. A file that is
// not a valid recording is refused with the line that is wrong, and the store is not touched.

import { parseRecording, type ForkscopeEvent, type RecordingHeader } from '@forkscope/protocol';

export type LoadedRecording = { ok: true; header: RecordingHeader; events: ForkscopeEvent[] } | { ok: false; line: number; message: string };

export function readRecording(text: string): LoadedRecording {
  const parsed = parseRecording(text);
  if (!parsed.ok) return { ok: false, line: parsed.line, message: parsed.message };
  return { ok: true, header: parsed.header, events: parsed.events };
}
