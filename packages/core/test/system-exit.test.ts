import { describe, expect, it } from 'vitest';
import { SystemExit, exit, exitStatus } from '../src/system-exit.js';

describe('exit()', () => {
  it('throws SystemExit carrying the code', () => {
    expect(() => exit(3)).toThrow(SystemExit);
    try {
      exit('msg');
    } catch (error) {
      expect((error as SystemExit).code).toBe('msg');
      expect((error as SystemExit).name).toBe('SystemExit');
    }
  });

  it('maps codes as CPython does', () => {
    expect(exitStatus(undefined)).toEqual({ status: 0, message: null });
    expect(exitStatus(null)).toEqual({ status: 0, message: null });
    expect(exitStatus(0)).toEqual({ status: 0, message: null });
    expect(exitStatus(3)).toEqual({ status: 3, message: null });
    expect(exitStatus(256)).toEqual({ status: 0, message: null });
    expect(exitStatus(-1)).toEqual({ status: 255, message: null });
    expect(exitStatus(true)).toEqual({ status: 1, message: null });
    expect(exitStatus(false)).toEqual({ status: 0, message: null });
    expect(exitStatus('msg')).toEqual({ status: 1, message: 'msg' });
    expect(exitStatus(1.5)).toEqual({ status: 1, message: '1.5' });
  });
});
