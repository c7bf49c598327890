// The one place that words how a run ended, execa-style: the fact first, then the value that caused it.
import type { RunLimits, RunStatus } from '@forkscope/protocol';

const MiB = 1024 * 1024;

function limitValue(reason: string, limits: RunLimits): string {
  switch (reason) {
    case 'tasks':
      return `${limits.tasks} tasks`;
    case 'memory':
      return limits.memoryBytes === null ? 'no memory limit' : `${Math.round(limits.memoryBytes / MiB)} MiB`;
    case 'cpu':
      return `${limits.cpuSeconds} s of CPU per process`;
    default:
      return reason;
  }
}

export function runMessage(runId: string, status: RunStatus, reason: string | null, durationMs: number, limits: RunLimits, cause?: string): string | null {
  const ms = Math.round(durationMs);
  switch (status) {
    case 'completed':
      return null;
    case 'cancelled':
      return `Run "${runId}" was cancelled after ${ms} ms`;
    case 'timeout':
      return `Run "${runId}" timed out after ${limits.wallMs} ms`;
    case 'limit':
      return `Run "${runId}" hit its ${reason} limit (${limitValue(reason ?? '', limits)}) after ${ms} ms`;
    case 'failed':
      return `Run "${runId}" failed to start${cause ? `: ${cause}` : ''}`;
  }
}
