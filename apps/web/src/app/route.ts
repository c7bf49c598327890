// The page's address: `/` (playground), `/runs/<id>?t=<seconds>` (a recording at a moment),
// `/live/<id>` (watch a run in progress, e.g. from another device).

export type Route = { kind: 'home' } | { kind: 'recording'; runId: string; atUs: number | undefined } | { kind: 'live'; runId: string };

export function parseRoute(pathname: string, search: string): Route {
  const recording = /^\/runs\/([^/]+)\/?$/.exec(pathname);
  if (recording) {
    const t = new URLSearchParams(search).get('t');
    const seconds = t === null ? NaN : Number(t);
    return { kind: 'recording', runId: decodeURIComponent(recording[1]!), atUs: Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1e6) : undefined };
  }
  const live = /^\/live\/([^/]+)\/?$/.exec(pathname);
  if (live) return { kind: 'live', runId: decodeURIComponent(live[1]!) };
  return { kind: 'home' };
}
