import { describe, expect, test } from 'vitest';
import { parseRunOptions } from '../../../src/cli/commands/run-options.js';
import { CliError } from '../../../src/cli/cli-error.js';

function refusal(argv: string[]): CliError {
  try {
    parseRunOptions(argv);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseRunOptions', () => {
  test('a valid command line gives the checked params and the program file', () => {
    const o = parseRunOptions(['join-in-loop', '-p', 'count=3', '--param', 'join=none', '--lang', 'zh', '--record', 'r.ndjson']);
    expect(o.meta.id).toBe('join-in-loop');
    expect(o.params).toEqual({ count: 3, join: 'none' });
    expect(o.driver).toBe('node');
    expect(o.file).toMatch(/packages\/scenarios\/programs\/node\/join-in-loop\.ts$/);
    expect(o).toMatchObject({ lang: 'zh', record: 'r.ndjson', json: false });
  });

  test.each([
    [[], 'ERR_USAGE', 'Expected one scenario id, got none. Scenarios: first-child, join,'],
    [['pids', 'many'], 'ERR_USAGE', 'Expected one scenario id, got pids many'],
    [['pids', '--colour'], 'ERR_USAGE', "Unknown option '--colour'"],
    [['nope'], 'ERR_UNKNOWN_SCENARIO', 'Scenario "nope" does not exist. Use one of: first-child'],
    [['pids', '-p', 'count'], 'ERR_USAGE', 'Expected `--param` as name=value, got `count`. Parameters of "pids" (node): count (default 5).'],
    [['pids', '-p', 'count=x'], 'ERR_BAD_PARAM', 'Expected parameter "count" of scenario "pids" to be an integer from 1 to 16, got "x" (string)'],
    [['pids', '-p', 'n=3'], 'ERR_UNKNOWN_PARAM', 'Scenario "pids" has no parameter "n"; valid parameters: count'],
    [['pids', '--driver', 'deno'], 'ERR_UNKNOWN_DRIVER', 'Driver "deno" does not exist. Use one of: node, python'],
    [['pids', '--lang', 'fr'], 'ERR_USAGE', 'Expected `--lang` to be one of: zh, en; got `fr`'],
  ])('%j is refused: %s', (argv, code, message) => {
    const error = refusal(argv);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});
