import { describe, expect, it } from 'vitest';
import { ProcessError, invalidArg } from '../src/errors.js';

describe('ProcessError', () => {
  it('carries a stable code, its details and a message that says what to do', () => {
    const error = new ProcessError('ERR_PROCESS_NOT_STARTED', { name: 'Process-1', action: 'join()' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProcessError');
    expect(error.code).toBe('ERR_PROCESS_NOT_STARTED');
    expect(error.details).toEqual({ name: 'Process-1', action: 'join()' });
    expect(error.message).toBe('Process "Process-1" has not been started: join() needs a started process. Call start() first');
  });

  it('keeps the cause', () => {
    const cause = new Error('inner');
    expect(new ProcessError('ERR_SPAWN_FAILED', { name: 'p', reason: 'EAGAIN' }, { cause }).cause).toBe(cause);
  });

  it('quotes the argument and the bad value in validation errors', () => {
    expect(invalidArg('the `name` option', 'a string', 5).message).toBe('Expected the `name` option to be a string, got 5 (number)');
    expect(invalidArg('x', 'y', null).message).toBe('Expected x to be y, got null (null)');
  });
});
