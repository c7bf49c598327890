// Parameters of a Python scenario program, applied to its source by marking lines, so that the file a user
// reads is valid Python that shows the seed's own values, and a run with other parameters executes the same
// file with only those values changed. Two markers, each a trailing comment:
//
//   time.sleep(1)  # param: mainSleep         the one literal on the line (number, True/False/None or a
//                                              quoted string) is replaced by the parameter's value
//   # p.join()  # param: join=true            the line is code when the parameter equals the value after
//   p.join()  # param: join=each              `=`, and commented out (`# `) otherwise; line numbers never change
//
// A marker naming a parameter the run does not set leaves its line as written. Pure: no Node imports.

export type PythonParamErrorCode = 'ERR_PARAM_MARKER' | 'ERR_PARAM_VALUE';

export class PythonParamError extends Error {
  readonly code: PythonParamErrorCode;
  readonly line: number;

  constructor(code: PythonParamErrorCode, line: number, message: string) {
    super(message);
    this.code = code;
    this.line = line;
    Object.defineProperty(this, 'name', { value: 'PythonParamError', enumerable: false, configurable: true });
  }
}

const MARKER = /#\s*param:\s*([A-Za-z_][\w-]*)(?:=(\S+))?\s*$/;

interface Marker {
  name: string;
  /** For line toggles: the value that makes the line code. */
  when: string | undefined;
  /** Index where the marker comment starts. */
  at: number;
}

/** The marker of a line, if it has one (a `#` inside a string literal is not a comment). */
export function findMarker(line: string): Marker | null {
  const hash = commentStart(line);
  if (hash < 0) return null;
  // The marker is the last comment of the line; a toggled-off line has its code commented out before it.
  const lastHash = line.lastIndexOf('#');
  const match = MARKER.exec(line.slice(lastHash));
  if (!match || !line.slice(hash).includes('param:')) return null;
  return { name: match[1] as string, when: match[2], at: lastHash };
}

/** Names of the parameters a program's markers refer to, in order of first use. */
export function markedParams(source: string): string[] {
  const names: string[] = [];
  for (const line of source.split('\n')) {
    const marker = findMarker(line);
    if (marker && !names.includes(marker.name)) names.push(marker.name);
  }
  return names;
}

/** The program's source with `params` applied. Throws PythonParamError for a malformed marked line. */
export function applyPythonParams(source: string, params: Record<string, unknown>): string {
  const lines = source.split('\n');
  return lines
    .map((line, index) => {
      const marker = findMarker(line);
      if (!marker || !Object.hasOwn(params, marker.name)) return line;
      const value = params[marker.name];
      return marker.when === undefined
        ? replaceLiteral(line, marker, value, index + 1)
        : toggleLine(line, marker, String(value) === marker.when);
    })
    .join('\n');
}

function toggleLine(line: string, marker: Marker, active: boolean): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  let body = line.slice(indent.length);
  const commented = body.startsWith('#') && body.indexOf('#') !== marker.at - indent.length;
  if (commented) body = body.replace(/^#\s?/, '');
  return indent + (active ? body : `# ${body}`);
}

function replaceLiteral(line: string, marker: Marker, value: unknown, lineNo: number): string {
  // The literal is in the code before the first comment; a seed comment may sit between code and marker.
  const code = line.slice(0, commentStart(line));
  const literals = findLiterals(code);
  if (literals.length !== 1) {
    throw new PythonParamError(
      'ERR_PARAM_MARKER',
      lineNo,
      `Line ${lineNo} marks parameter \`${marker.name}\` but holds ${literals.length} literals, expected exactly 1: ${JSON.stringify(line.trim())}`,
    );
  }
  const [start, end] = literals[0] as [number, number];
  const original = code.slice(start, end);
  return code.slice(0, start) + pythonLiteral(value, marker.name, lineNo, original) + line.slice(end);
}

/** A Python literal for a JSON parameter value; strings keep the quote style of the literal they replace. */
export function pythonLiteral(value: unknown, name: string, lineNo: number, original = "''"): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return value < 0 ? `(${text})` : text;
  }
  if (typeof value === 'string') {
    const quote = original.startsWith('"') ? '"' : "'";
    let out = '';
    for (const ch of value) {
      const code = ch.codePointAt(0) as number;
      if (ch === '\\' || ch === quote) out += `\\${ch}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return quote + out + quote;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonLiteral(v, name, lineNo)).join(', ')}]`;
  throw new PythonParamError(
    'ERR_PARAM_VALUE',
    lineNo,
    `Parameter \`${name}\` (line ${lineNo}) cannot be written as a Python literal, got ${JSON.stringify(value) ?? String(value)} (${typeof value})`,
  );
}

/** Index of the first `#` outside string literals, or -1. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '#') return i;
    else if (ch === '"' || ch === "'") quote = ch;
  }
  return -1;
}

/** [start, end) of every literal in a line of code: strings, numbers, True/False/None; a list of literals counts as one. */
function findLiterals(code: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i] as string;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      found.push([i, j + 1]);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_]\w*/.exec(code.slice(i))?.[0] ?? ch;
      if (word === 'True' || word === 'False' || word === 'None') found.push([i, i + word.length]);
      i += word.length;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(code[i + 1] ?? ''))) {
      const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(code.slice(i))?.[0] ?? ch;
      found.push([i, i + number.length]);
      i += number.length;
      continue;
    }
    i++;
  }
  return mergeLists(code, found);
}

/** `['a', 'b']` counts as one literal (for list parameters). */
function mergeLists(code: string, literals: Array<[number, number]>): Array<[number, number]> {
  const list = /\[\s*\]|\[[^\]]*\]/.exec(code);
  if (!list) return literals;
  const start = list.index;
  const end = start + list[0].length;
  const inside = literals.filter(([s, e]) => s > start && e < end);
  const between = code.slice(start + 1, end - 1).replace(/("([^"\\]|\\.)*"|'([^'\\]|\\.)*'|-?\d[\w.+-]*|True|False|None|[\s,])/g, '');
  if (between !== '' || (inside.length === 0 && list[0].replace(/\s/g, '') !== '[]')) return literals;
  return [...literals.filter(([s, e]) => !(s > start && e < end)), [start, end] as [number, number]].sort((a, b) => a[0] - b[0]);
}
