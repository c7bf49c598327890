import { describe, expect, it } from 'vitest';
import { checkStartRunOptions, checkSupervisorOptions } from '../src/options.js';

describe('startRun options', () => {
  it('needs exactly one of program and command', () => {
    expect(() => checkStartRunOptions({})).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
    expect(() => checkStartRunOptions({ command: ['true'], program: { file: '/x.ts' } })).toThrow('Expected the `program` option');
  });

  it('quotes the option and the bad value', () => {
    expect(() => checkStartRunOptions({ command: 'true' })).toThrow('Expected the `command` option to be a non-empty array of strings, got `true` (string)');
    expect(() => checkStartRunOptions({ program: { file: '/x' }, driver: 'ruby' })).toThrow('Expected the `driver` option to be `node`, `python` or a Driver, got `ruby` (string)');
    expect(() => checkStartRunOptions({ command: ['true'], env: { A: 1 } })).toThrow('Expected the `env` option to be an object of strings');
  });

  it('fills in a url-safe run id and empty params', () => {
    const checked = checkStartRunOptions({ command: ['true'] });
    expect(checked.runId).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(checked.params).toEqual({});
  });
});

describe('supervisor options', () => {
  it('accepts null to force the process-group fallback and rejects relative cgroup roots', () => {
    expect(checkSupervisorOptions({ cgroupRoot: null })).toEqual({ cgroupRoot: null });
    expect(() => checkSupervisorOptions({ cgroupRoot: 'sys/fs' })).toThrow('Expected the `cgroupRoot` option to be an absolute path or null, got `sys/fs` (string)');
    expect(() => checkSupervisorOptions({ graceMs: -1 })).toThrow('Expected the `graceMs` option to be an integer between 0 and 60000, got `-1` (number)');
  });
});
