// The server's REST endpoints (PLAN contract 5).
import type { RunSummary } from '@forkscope/protocol';

export interface ScenarioSources {
  node: string;
  python?: string;
}

export class HttpError extends Error {
  readonly code = 'ERR_HTTP';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`The server answered ${status} for ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'HttpError';
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
