// The driver registry. Each driver imports its heavy tools (esbuild, …) lazily inside prepare(), so
// importing the registry costs nothing.
import type { Driver } from '@forkscope/protocol';
import type { ProgramDriver } from './driver.js';
import { ProcessError } from '@forkscope/core';
import { nodeDriver } from './node.js';
import { pythonDriver } from './python.js';

export type { ProgramDriver, ProgramLaunch } from './driver.js';

const drivers = new Map<string, ProgramDriver>([
  ['node', nodeDriver],
  ['python', pythonDriver],
]);

/** The driver registered under `id` ('node' or 'python'). Throws ERR_DRIVER_UNKNOWN for anything else. */
export function getDriver(id: Driver | (string & {})): ProgramDriver {
  const driver = drivers.get(id);
  if (!driver) throw new ProcessError('ERR_DRIVER_UNKNOWN', { id, known: [...drivers.keys()] });
  return driver;
}

/** Ids of the registered drivers. */
export function driverIds(): Driver[] {
  return [...drivers.keys()] as Driver[];
}
