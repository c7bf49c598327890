// JSON text of an event, for the recording and the WebSocket stream: exactly what JSON.stringify writes,
// faster for the event a busy run is made of. A process writing as fast as it can sends thousands of
// `process.output` events a second, each serialised for its recording and for its watchers; for those
// (the fields the collector gives them, in its order) the text is put together directly, which costs a
// third of JSON.stringify. Every other event goes through JSON.stringify.

import type { ForkscopeEvent } from './types.js';

/** The fields of a plain output event, in the order the collector gives them (validate-event.ts). */
const PLAIN_OUTPUT_FIELDS = ['seq', 't', 'type', 'pid', 'stream', 'text'] as const;

/** `JSON.stringify(event)`. */
export function eventJson(event: ForkscopeEvent): string {
  if (event.type === 'process.output' && isPlainOutput(event)) {
    return `{"seq":${event.seq},"t":${event.t},"type":"process.output","pid":${event.pid},"stream":"${event.stream}","text":${JSON.stringify(event.text)}}`;
  }
  return JSON.stringify(event);
}


/** Exactly the plain fields, in order, with values a template writes as JSON.stringify would. */
function isPlainOutput(event: Extract<ForkscopeEvent, { type: 'process.output' }>): boolean {
  let n = 0;
  for (const key in event) {
    if (key !== PLAIN_OUTPUT_FIELDS[n]) return false;
    n++;
  }
  return (
    n === PLAIN_OUTPUT_FIELDS.length &&
    Number.isFinite(event.seq) &&
    Number.isFinite(event.t) &&
    Number.isFinite(event.pid) &&
    (event.stream === 'stdout' || event.stream === 'stderr') &&
    typeof event.text === 'string'
  );
}
