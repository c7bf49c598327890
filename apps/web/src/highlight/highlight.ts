// A small syntax highlighter for the scenario programs (TypeScript and Python): enough to read them, not
// a parser. Splits source into tokens; joining every token's text gives the source back unchanged.

export type TokenKind = 'keyword' | 'string' | 'comment' | 'number' | 'function' | 'builtin' | 'decorator' | 'plain';

export interface Token {
  kind: TokenKind;
  text: string;
}

export type Language = 'typescript' | 'python';

const KEYWORDS: Record<Language, Set<string>> = {
  typescript: new Set(
    'import export from as const let var function return if else for while do break continue new class extends super this async await try catch finally throw typeof instanceof in of default switch case interface type enum implements public private protected readonly static void null undefined true false yield'.split(' '),
  ),
  python: new Set(
    'import from as def return if elif else for while break continue class try except finally raise with lambda pass global nonlocal yield async await in is not and or None True False del assert'.split(' '),
  ),
};

const BUILTINS: Record<Language, Set<string>> = {
  typescript: new Set('console process Promise Math JSON Error Number String Array Object Date setTimeout'.split(' ')),
  python: new Set('print len range str int os time sys socket self super isinstance Exception'.split(' ')),
};

const PATTERNS: Record<Language, RegExp> = {
  // comment | string | number | identifier | decorator/other single char
  typescript: /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|(`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_$][\w$]*)|(@[A-Za-z_]\w*)/g,
  python: /(#[^\n]*)|([rbfu]{0,2}(?:"""[\s\S]*?"""|'''[\s\S]*?'''|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_][\w]*)|(@[A-Za-z_][\w.]*)/g,
};

export function highlight(source: string, language: Language): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(PATTERNS[language].source, 'g');
  let last = 0;
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.kind === kind && kind === 'plain') prev.text += text;
    else tokens.push({ kind, text });
  };
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    push('plain', source.slice(last, m.index));
    const [text, comment, string, number, ident, decorator] = m;
    if (comment) push('comment', text);
    else if (string) push('string', text);
    else if (number) push('number', text);
    else if (decorator) push('decorator', text);
    else if (ident) {
      const after = source.slice(re.lastIndex).match(/^\s*\(/);
      if (KEYWORDS[language].has(ident)) push('keyword', ident);
      else if (BUILTINS[language].has(ident)) push('builtin', ident);
      else if (after) push('function', ident);
      else push('plain', ident);
    }
    last = re.lastIndex;
  }
  push('plain', source.slice(last));
  return tokens;
}
