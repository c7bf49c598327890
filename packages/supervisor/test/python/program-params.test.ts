import { describe, expect, it } from 'vitest';
import { applyPythonParams, markedParams, PythonParamError } from '../../src/python/program-params.js';

describe('applyPythonParams', () => {
  it('replaces the one literal of a marked line, keeping comments and line count', () => {
    const source = 'import time\ntime.sleep(1)  # param: mainSleep\nfor i in range(5):  # param: count\n    pass\n';
    const out = applyPythonParams(source, { mainSleep: 2.5, count: 3 });
    expect(out).toBe('import time\ntime.sleep(2.5)  # param: mainSleep\nfor i in range(3):  # param: count\n    pass\n');
  });

  it('leaves a seed comment between code and marker alone and looks for the literal only in the code', () => {
    const line = 'time.sleep(10)  # 在sleep时查看进程id 1 2 3  # param: mainSleep';
    expect(applyPythonParams(line, { mainSleep: 0.5 })).toBe('time.sleep(0.5)  # 在sleep时查看进程id 1 2 3  # param: mainSleep');
  });

  it('writes booleans, None, negative numbers, strings (keeping the quote style) and lists as Python literals', () => {
    expect(applyPythonParams('x = False  # param: a', { a: true })).toBe('x = True  # param: a');
    expect(applyPythonParams('x = 1  # param: a', { a: null })).toBe('x = None  # param: a');
    expect(applyPythonParams('x = 1  # param: a', { a: -2 })).toBe('x = (-2)  # param: a');
    expect(applyPythonParams('x = "bob"  # param: a', { a: 'a"b\\c\n' })).toBe('x = "a\\"b\\\\c\\n"  # param: a');
    expect(applyPythonParams("x = 'bob'  # param: a", { a: "it's" })).toBe("x = 'it\\'s'  # param: a");
    expect(applyPythonParams("x = ['hello', 'world']  # param: a", { a: ['ni hao'] })).toBe("x = ['ni hao']  # param: a");
  });

  it('toggles lines on NAME=VALUE markers, commenting out or restoring the code', () => {
    const source = [
      '    p.join()  # param: join=each',
      '# [p.join() for p in p_lst]  # param: join=after-loop',
      "        self.name = person  # 名字  # param: nameAfterSuper=false",
      "        # self.name = person  # 在这里设置  # param: nameAfterSuper=true",
    ].join('\n');
    expect(applyPythonParams(source, { join: 'after-loop', nameAfterSuper: true }).split('\n')).toEqual([
      '    # p.join()  # param: join=each',
      '[p.join() for p in p_lst]  # param: join=after-loop',
      '        # self.name = person  # 名字  # param: nameAfterSuper=false',
      '        self.name = person  # 在这里设置  # param: nameAfterSuper=true',
    ]);
    // Applying the defaults gives the source back.
    expect(applyPythonParams(source, { join: 'each', nameAfterSuper: false })).toBe(source);
  });

  it('keeps lines whose parameter the run does not set, and ignores "# param:" inside strings', () => {
    const source = "print('# param: x')\ntime.sleep(1)  # param: y";
    expect(applyPythonParams(source, {})).toBe(source);
    expect(applyPythonParams(source, { x: 5 })).toBe(source);
    expect(markedParams(source)).toEqual(['y']);
  });

  it('throws ERR_PARAM_MARKER naming the line when a marked line has no single literal', () => {
    let error: unknown;
    try {
      applyPythonParams('a = 1\nrandom.randrange(1, 5)  # param: r', { r: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PythonParamError);
    expect(error).toMatchObject({ code: 'ERR_PARAM_MARKER', line: 2 });
    expect((error as Error).message).toBe('Line 2 marks parameter `r` but holds 2 literals, expected exactly 1: "random.randrange(1, 5)  # param: r"');
  });

  it('throws ERR_PARAM_VALUE for a value that has no Python literal', () => {
    expect(() => applyPythonParams('x = 1  # param: a', { a: { b: 1 } })).toThrow(
      expect.objectContaining({ code: 'ERR_PARAM_VALUE', message: 'Parameter `a` (line 1) cannot be written as a Python literal, got {"b":1} (object)' }),
    );
  });
});
