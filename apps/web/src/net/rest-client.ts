// The server's REST endpoints (PLAN contract 5).
import type { RunSummary } from '@forkscope/protocol';

export interface ScenarioSources {
  node: string;
  python?: string;
}

export interface DriverInfo {
  id: 'node' | 'python';
  available: boolean;
  version: string | null;
}

export class HttpError extends Error {
  /** The server's own code (`ERR_UNKNOWN_RUN`…) when it sent one, else ERR_HTTP. */
  readonly code: string;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    const coded = parseCoded(body);
    super(coded ? `${coded.message} (${coded.code})` : `The server answered ${status} for ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.code = coded?.code ?? 'ERR_HTTP';
    this.name = 'HttpError';
  }
}

function parseCoded(body: string): { code: string; message: string } | null {
  try {
    const value = JSON.parse(body) as { code?: unknown; message?: unknown };
    return typeof value.code === 'string' && typeof value.message === 'string' ? { code: value.code, message: value.message } : null;
  } catch {
    return null;
  }
}

async function get(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new HttpError(url, response.status, await response.text().catch(() => ''));
  return response;
}

export async function listRuns(): Promise<RunSummary[]> {
  return (await (await get('/api/runs')).json()) as RunSummary[];
}

export async function scenarioSources(id: string): Promise<ScenarioSources> {
  const body = (await (await get(`/api/scenarios/${encodeURIComponent(id)}`)).json()) as { sources?: ScenarioSources };
  return body.sources ?? { node: '' };
}

export async function recordingText(runId: string): Promise<string> {
  return (await get(`/api/runs/${encodeURIComponent(runId)}`)).text();
}

export async function listDrivers(): Promise<DriverInfo[]> {
  return (await (await get('/api/drivers')).json()) as DriverInfo[];
}
