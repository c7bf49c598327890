// The page's address: `/` (playground), `/runs/<id>?t=<seconds>` (a recording at a moment),
// `/live/<id>` (watch a run in progress, e.g. from another device); `/class/new` (open a class),
// `/class/<code>` (the teacher's page of a class), `/c` and `/c/<code>` (a student joins); anything else is
// not a page.

export type Route =
  | { kind: 'home' }
  | { kind: 'recording'; runId: string; atUs: number | undefined }
  | { kind: 'live'; runId: string }
  | { kind: 'class-new' }
  | { kind: 'class-teach'; code: string }
  /** `code`: as written in the address (normalised by the page), or null for `/c`. */
  | { kind: 'class-join'; code: string | null }
  | { kind: 'unknown'; path: string };

export function parseRoute(pathname: string, search: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { kind: 'home' };
  const recording = /^\/runs\/([^/]+)\/?$/.exec(pathname);
  if (recording) {
    const t = new URLSearchParams(search).get('t');
    const seconds = t === null ? NaN : Number(t);
    return { kind: 'recording', runId: safeDecode(recording[1]!), atUs: Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1e6) : undefined };
  }
  const live = /^\/live\/([^/]+)\/?$/.exec(pathname);
  if (live) return { kind: 'live', runId: safeDecode(live[1]!) };
  if (/^\/class\/new\/?$/.test(pathname)) return { kind: 'class-new' };
  const teach = /^\/class\/([^/]+)\/?$/.exec(pathname);
  if (teach) return { kind: 'class-teach', code: safeDecode(teach[1]!) };
  const join = /^\/c(?:\/([^/]*))?\/?$/.exec(pathname);
  if (join) return { kind: 'class-join', code: join[1] ? safeDecode(join[1]) : null };
  return { kind: 'unknown', path: pathname };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
