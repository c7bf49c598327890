// Turns startRun's program/driver/command options into the argv, env and cwd of the run's root process.
import type { ProgramDriver, ProgramLaunch } from './drivers/driver.js';
import { findExecutable } from './find-executable.js';
import { SupervisorError } from './errors.js';

/** Variables a program may inherit from the server; everything else (tokens, CA bundles…) stays out. */
const INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'TERM'];

export interface LaunchRequest {
  program?: { file: string };
  driver?: 'node' | 'python' | ProgramDriver;
  command?: string[];
  params: Record<string, unknown>;
}

/** Resolves the driver (by id through the registry) and asks it how to start the program. */
export async function prepareLaunch(request: LaunchRequest): Promise<ProgramLaunch> {
  if (request.command) return { argv: [...request.command], env: {} };
  const program = request.program as { file: string };
  let driver: ProgramDriver;
  if (typeof request.driver === 'object') driver = request.driver;
  else {
    const { getDriver } = await import('./drivers/index.js');
    driver = await getDriver(request.driver ?? 'node');
  }
  return driver.prepare(program, request.params);
}

/** The environment of the root: a small inherited base, then the driver's, the caller's, and the run's own. */
export function buildEnv(...layers: Array<Record<string, string> | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const layer of layers) if (layer) Object.assign(env, layer);
  return env;
}

/** Finds an executable the way exec would, so that a missing command fails the run clearly instead of exit 127. */
export function resolveExecutable(file: string, pathVar: string | undefined): string {
  const found = findExecutable(file, pathVar);
  if (found === null) throw new SupervisorError('ERR_RUN_FAILED', `Command not found: ${file}`);
  return found;
}
