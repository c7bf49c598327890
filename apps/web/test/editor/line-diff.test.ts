import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffCounts, lineDiff, withContext } from '../../src/editor/line-diff.js';

/** The two texts a diff stands for, rebuilt from it. */
const sides = (diff: ReturnType<typeof lineDiff>) => ({
  before: diff.filter((l) => l.kind !== 'added').map((l) => l.text),
  after: diff.filter((l) => l.kind !== 'removed').map((l) => l.text),
});

describe('lineDiff', () => {
  it('shows one removed line as one removed line, with the old line number', () => {
    const before = 'p1 = Process(target=foo)\np1.daemon = True\np1.start()\n';
    const after = 'p1 = Process(target=foo)\np1.start()\n';
    const diff = lineDiff(before, after);
    expect(diff.filter((l) => l.kind !== 'same')).toEqual([{ kind: 'removed', text: 'p1.daemon = True', oldNo: 2 }]);
    expect(diffCounts(diff)).toEqual({ removed: 1, added: 0 });
  });

  it('shows a changed line as removed then added', () => {
    const diff = lineDiff('a\nb\nc', 'a\nB\nc');
    expect(diff.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'removed:b', 'added:B', 'same:c']);
  });

  it('is empty of changes for equal texts, whatever the final newline', () => {
    expect(diffCounts(lineDiff('a\nb\n', 'a\nb'))).toEqual({ removed: 0, added: 0 });
  });

  it('keeps both texts, in order, and is minimal on random edits', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const diff = lineDiff(a.join('\n'), b.join('\n'));
        const rebuilt = sides(diff);
        expect(rebuilt.before).toEqual(lineDiffLines(a));
        expect(rebuilt.after).toEqual(lineDiffLines(b));
        // Minimal: the unchanged lines are a longest common subsequence.
        const same = diff.filter((l) => l.kind === 'same').length;
        expect(same).toBe(lcs(lineDiffLines(a), lineDiffLines(b)));
      }),
    );
  });

  it('shows changes with context, gaps marked', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'LINE 10');
    const shown = withContext(lineDiff(before, after), 1);
    expect(shown.map((l) => (l === null ? '…' : `${l.kind}:${l.text}`))).toEqual(['same:line 9', 'removed:line 10', 'added:LINE 10', 'same:line 11']);
  });
});

/** What splitLines makes of lines joined with newlines. */
function lineDiffLines(lines: string[]): string[] {
  const text = lines.join('\n');
  const split = text.split('\n');
  if (split.length > 1 && split[split.length - 1] === '') split.pop();
  return split;
}

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = x === b[j - 1] ? prev + 1 : Math.max(row[j]!, row[j - 1]!);
      prev = keep;
    }
  }
  return row[b.length]!;
}
