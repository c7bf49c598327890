// A line diff of the learner's version against the lesson's program (Myers' O(ND) shortest edit script), for
// the Code tab and a replay of an edited run. Pure.

export type DiffLine =
  | { kind: 'same'; text: string; oldNo: number; newNo: number }
  | { kind: 'removed'; text: string; oldNo: number }
  | { kind: 'added'; text: string; newNo: number };

/** The lines of `text`; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Every line of both texts, in order, each marked same, removed (only in `before`) or added (only in `after`). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail first: an edit of a lesson touches a few lines of many.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i]!, oldNo: i + 1, newNo: i + 1 });
  let oldNo = head + 1;
  let newNo = head + 1;
  for (const op of middle) {
    if (op.kind === 'same') out.push({ kind: 'same', text: op.text, oldNo: oldNo++, newNo: newNo++ });
    else if (op.kind === 'removed') out.push({ kind: 'removed', text: op.text, oldNo: oldNo++ });
    else out.push({ kind: 'added', text: op.text, newNo: newNo++ });
  }
  for (let i = a.length - tail; i < a.length; i++) out.push({ kind: 'same', text: a[i]!, oldNo: oldNo++, newNo: newNo++ });
  return out;
}

/** How many lines were removed and added. */
export function diffCounts(diff: readonly DiffLine[]): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const line of diff) {
    if (line.kind === 'removed') removed++;
    else if (line.kind === 'added') added++;
  }
  return { removed, added };
}

/** The changed lines with `context` unchanged lines around each change; `null` marks a gap. */
export function withContext(diff: readonly DiffLine[], context = 2): Array<DiffLine | null> {
  const keep = new Array<boolean>(diff.length).fill(false);
  diff.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(diff.length - 1, i + context); j++) keep[j] = true;
  });
  const out: Array<DiffLine | null> = [];
  diff.forEach((line, i) => {
    if (keep[i]) out.push(line);
    else if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
  });
  if (out[out.length - 1] === null) out.pop();
  return out;
}

type Op = { kind: 'same' | 'removed' | 'added'; text: string };

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: 'same', text: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (down) ops.push({ kind: 'added', text: b[--y]! });
    else ops.push({ kind: 'removed', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: 'same', text: a[--x]! });
    y--;
  }
  return ops.reverse();
}
