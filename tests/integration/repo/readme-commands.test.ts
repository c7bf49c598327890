// The README's two set-up commands are what newcomers copy; CI must run the same test command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const ciRun = readFileSync(new URL('.ci/run', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };

const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());

describe('README set-up commands', () => {
  it('has exactly one start command and one test command, first on the page', () => {
    expect(shellBlocks[0]).toBe('npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 start');
    expect(shellBlocks[1]).toBe('npx -y pnpm@10.34.9 install --frozen-lockfile && npx -y pnpm@10.34.9 test:all');
  });

  it('is the command .ci/run runs', () => {
    const lastCommand = ciRun.trim().split('\n').filter((l) => l && !l.startsWith('#')).at(-1);
    expect(lastCommand).toBe(shellBlocks[1]);
  });

  it('names scripts that exist', () => {
    for (const script of ['start', 'test:all', 'forkscope']) expect(pkg.scripts[script]).toBeTruthy();
  });
});
