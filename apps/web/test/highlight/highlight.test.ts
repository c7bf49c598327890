import { describe, expect, test } from 'vitest';
import { highlight } from '../../src/highlight/highlight.js';

describe('highlight', () => {
  test('TypeScript: keywords, strings, comments, numbers, calls; the text comes back unchanged', () => {
    const source = "import { Process } from '@forkscope/core';\n// start a child\nconst p = new Process({ target: foo, args: [1] });\np.start();\n";
    const tokens = highlight(source, 'typescript');
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    const kinds = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(kinds('keyword')).toEqual(['import', 'from', 'const', 'new']);
    expect(kinds('string')).toEqual(["'@forkscope/core'"]);
    expect(kinds('comment')).toEqual(['// start a child']);
    expect(kinds('number')).toEqual(['1']);
    expect(kinds('function')).toEqual(['Process', 'start']);
  });

  test('Python: triple-quoted strings and # comments, keywords not mistaken inside strings', () => {
    const source = 'def foo(i):\n    """for if else"""\n    print("say hi", i)  # in the child\n\nif __name__ == "__main__":\n    pass\n';
    const tokens = highlight(source, 'python');
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    const kinds = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(kinds('keyword')).toEqual(['def', 'if', 'pass']);
    expect(kinds('string')).toEqual(['"""for if else"""', '"say hi"', '"__main__"']);
    expect(kinds('comment')).toEqual(['# in the child']);
    expect(kinds('builtin')).toEqual(['print']);
    expect(kinds('function')).toEqual(['foo']);
  });
});
