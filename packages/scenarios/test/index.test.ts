import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { catalogue, getScenario, programFile, programSource, ScenarioError } from '../src/index.js';

describe('@forkscope/scenarios (node)', () => {
  test('every scenario has a node program exporting main()', () => {
    for (const s of catalogue) {
      const file = programFile(s.id, 'node');
      expect(file).toMatch(new RegExp(`/programs/node/${s.id}\\.ts$`));
      expect(programSource(s.id)).toMatch(/^export async function main\(/m);
    }
  });

  test('drivers lists python only where the python program exists', () => {
    for (const s of catalogue) {
      const python = existsSync(programFile(s.id, 'node').replace('/node/', '/python/').replace(/\.ts$/, '.py'));
      expect(s.drivers.includes('python')).toBe(python);
      expect(getScenario(s.id)?.drivers).toEqual(s.drivers);
    }
  });

  test('an unknown scenario or driver is refused with the valid choices', () => {
    expect(() => programFile('nope')).toThrow(new ScenarioError('ERR_UNKNOWN_SCENARIO', 'Scenario "nope" does not exist. Use one of: first-child, join, pids, many, join-in-loop, no-join, subclass, isolation, daemon, daemon-killed-at-main-end, daemon-no-children, socket-chat, terminate, pid-name, spawn-guard, exit-codes, orphans'));
    expect(() => programFile('pids', 'ruby' as 'node')).toThrow('Driver "ruby" does not exist. Use one of: node, python');
  });
});
