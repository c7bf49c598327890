// Parameter specs several scenarios share.
import type { ParamSpec } from '../types.js';

/** How many child processes to start (the seed starts 5). */
export function countParam(defaultCount = 5): ParamSpec {
  return {
    name: 'count',
    type: 'integer',
    min: 1,
    max: 16,
    default: defaultCount,
    label: { zh: '子进程数', en: 'Child processes' },
  };
}

/** A sleep in seconds, as time.sleep() takes it. */
export function sleepParam(name: string, defaultSeconds: number, min: number, max: number, label: { zh: string; en: string }): ParamSpec {
  return { name, type: 'number', min, max, default: defaultSeconds, unit: 's', label };
}
