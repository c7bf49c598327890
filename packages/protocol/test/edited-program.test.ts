import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editedProgramProblem, MAX_PROGRAM_BYTES, utf8ByteLength } from '../src/limits.js';

describe('editedProgramProblem', () => {
  it('accepts a lesson-sized program, tabs, CRLF and any language', () => {
    expect(editedProgramProblem('import os\r\n\tprint("你好", os.getpid())\n')).toBeNull();
    expect(editedProgramProblem('x'.repeat(MAX_PROGRAM_BYTES))).toBeNull();
  });

  it('refuses more than 64 KiB of UTF-8, counted in bytes', () => {
    expect(editedProgramProblem('x'.repeat(MAX_PROGRAM_BYTES + 1))?.code).toBe('ERR_PROGRAM_TOO_LARGE');
    // 21 846 characters of three bytes each: under the character count, over the byte count.
    expect(editedProgramProblem('你'.repeat(21_846))).toEqual({ code: 'ERR_PROGRAM_TOO_LARGE', message: 'a program of at most 65536 bytes (UTF-8); this one is 65538 bytes' });
  });

  it('refuses control characters and lone surrogates, naming where', () => {
    expect(editedProgramProblem('a\u0000b')).toEqual({ code: 'ERR_BAD_PROGRAM', message: 'a program without control characters; it has U+0000 at character 2' });
    expect(editedProgramProblem('print("\u001b[2J")')?.code).toBe('ERR_BAD_PROGRAM');
    expect(editedProgramProblem('x\u007f')?.code).toBe('ERR_BAD_PROGRAM');
    expect(editedProgramProblem('\ud83d')).toEqual({ code: 'ERR_BAD_PROGRAM', message: 'a program of valid UTF-8 text; it has a lone surrogate at character 1' });
    expect(editedProgramProblem('\ud83d\ude00')).toBeNull();
  });

  it('never throws, and agrees with the byte count on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const problem = editedProgramProblem(text);
        if (problem?.code === 'ERR_PROGRAM_TOO_LARGE') expect(utf8ByteLength(text)).toBeGreaterThan(MAX_PROGRAM_BYTES);
        if (problem === null) expect([...text].every((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r')).toBe(true);
      }),
    );
  });
});
