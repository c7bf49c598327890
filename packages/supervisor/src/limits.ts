// Run limits: defaults sized from measurement, hard maxima, and validation of what a caller asks for.
import type { RunLimits } from '@forkscope/protocol';
import { invalidOption } from '@forkscope/protocol';

const MiB = 1024 * 1024;

/**
 * Defaults, sized from measurement on Node 20, 2 cores (re-measure with `pnpm soak`). The largest catalogue
 * scenario at its maximum parameters is 17 Node processes (`many`, count 16). Idle Node processes (the fan-out
 * fixture) peaked at 123 tasks — the pids controller counts threads, ~7 per process; the real scenario through
 * the node driver peaked at 139, and a Node process that also starts its 4 libuv pool threads has 11, so 17 × 11 =
 * 187 is the ceiling: 512 tasks is over twice that. Memory charged to the cgroup peaked at 108 MiB (fan-out) and
 * 97 MiB (`many`); the RSS sum was 675 MiB, but executable pages are shared and charged once (a cold page cache
 * adds the 94 MiB node binary): 512 MiB is over twice the worst case. A fork bomb or a memory hog does not fit.
 */
export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  wallMs: 30_000,
  tasks: 512,
  memoryBytes: 512 * MiB,
  outputBytes: 1 * MiB,
  cpuSeconds: 10,
});

export const MAX_LIMITS: Readonly<RunLimits> = Object.freeze({
  wallMs: 120_000,
  tasks: 4096,
  memoryBytes: 8192 * MiB,
  outputBytes: 64 * MiB,
  cpuSeconds: 120,
});

const MIN_LIMITS: Readonly<Omit<RunLimits, 'memoryBytes'> & { memoryBytes: number }> = {
  wallMs: 1,
  tasks: 1,
  memoryBytes: 4 * MiB,
  outputBytes: 0,
  cpuSeconds: 1,
};

const KEYS = ['wallMs', 'tasks', 'memoryBytes', 'outputBytes', 'cpuSeconds'] as const;

/** Merges `requested` over `base`, checking every given field; `optionName` prefixes error messages. */
export function resolveLimits(base: Readonly<RunLimits>, requested: unknown, optionName = 'limits'): RunLimits {
  if (requested === undefined) return { ...base };
  if (requested === null || typeof requested !== 'object' || Array.isArray(requested)) {
    invalidOption(optionName, 'an object', requested);
  }
  const out: RunLimits = { ...base };
  for (const [key, value] of Object.entries(requested)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      invalidOption(`${optionName}.${key}`, `one of ${KEYS.map((k) => `\`${k}\``).join(', ')}`, key);
    }
    const k = key as (typeof KEYS)[number];
    if (value === undefined) continue;
    if (k === 'memoryBytes' && value === null) {
      out.memoryBytes = null;
      continue;
    }
    const min = MIN_LIMITS[k];
    const max = MAX_LIMITS[k] as number;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      invalidOption(`${optionName}.${k}`, `an integer between ${min} and ${max}`, value);
    }
    out[k] = value;
  }
  return out;
}
