// The limits every side of the protocol shares: the server checks them on what clients send, the
// supervisor and the tracer on what processes write. One constant each. This file imports nothing, so
// a child process can take a limit (`@forkscope/protocol/limits`) without loading the schemas.

/** Longest line of input a user may send to a process's stdin, in UTF-8 bytes (the line break not counted). */
export const MAX_INPUT_BYTES = 4000;

/** Longest trace record a process writes on the trace channel, in UTF-8 bytes, newline included. */
export const MAX_RECORD_BYTES = 4000;

/** Longest `ref` a client may attach to a message (it is echoed back). */
export const MAX_REF_LENGTH = 64;

/** Longest scenario id in a `run` message. */
export const MAX_SCENARIO_ID_LENGTH = 64;

/** Most parameters a `run` message may carry. */
export const MAX_PARAMS = 32;

/** A run id: letters, digits, `-` and `_`, starting with a letter or digit, at most 128 characters (it names a file). */
export const RUN_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$';

const RUN_ID = new RegExp(RUN_ID_PATTERN);

/** Whether `value` can be a run id (and so a recording's file name). */
export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID.test(value);
}

/** Bytes of `text` in UTF-8 (a lone surrogate counts 3, as TextEncoder writes U+FFFD for it). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * What is wrong with a line of input for a process's stdin, in words (`one line (no line breaks)`), or
 * null when it may be sent. The server and the supervisor apply this one rule: neither `\n` nor `\r`,
 * at most MAX_INPUT_BYTES bytes of UTF-8.
 */
export function inputLineProblem(text: string): string | null {
  if (/[\r\n]/.test(text)) return 'one line (no line breaks)';
  // Every UTF-16 unit is at least one byte: only a line that may be too long is measured.
  if (text.length > MAX_INPUT_BYTES / 3 && utf8ByteLength(text) > MAX_INPUT_BYTES) return `a line of at most ${MAX_INPUT_BYTES} bytes (UTF-8)`;
  return null;
}

/** Largest program a learner may run as their own version of a lesson, in UTF-8 bytes. */
export const MAX_PROGRAM_BYTES = 64 * 1024;

/**
 * What is wrong with the text of an edited program, with the code that says so, or null when it may run:
 * at most MAX_PROGRAM_BYTES of UTF-8 (no lone surrogate, which has no UTF-8), and no control character but
 * tab, line feed and carriage return (a NUL or an escape sequence is never part of a lesson's program).
 */
export function editedProgramProblem(text: string): { code: 'ERR_PROGRAM_TOO_LARGE' | 'ERR_BAD_PROGRAM'; message: string } | null {
  if (text.length > MAX_PROGRAM_BYTES || (text.length > MAX_PROGRAM_BYTES / 3 && utf8ByteLength(text) > MAX_PROGRAM_BYTES)) {
    return { code: 'ERR_PROGRAM_TOO_LARGE', message: `a program of at most ${MAX_PROGRAM_BYTES} bytes (UTF-8); this one is ${utf8ByteLength(text)} bytes` };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      return { code: 'ERR_BAD_PROGRAM', message: `a program without control characters; it has U+${c.toString(16).padStart(4, '0').toUpperCase()} at character ${i + 1}` };
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (!pair) return { code: 'ERR_BAD_PROGRAM', message: `a program of valid UTF-8 text; it has a lone surrogate at character ${i + 1}` };
      i++;
    }
  }
  return null;
}
