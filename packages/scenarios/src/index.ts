// @forkscope/scenarios — the catalogue plus what only Node can know: where each scenario's program file
// is, its source, and which drivers actually have a program (a python program exists once its file does).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Driver } from '@forkscope/protocol';
import { catalogue as declared, getScenario as getDeclared, scenarioIds } from './catalogue.js';
import type { ScenarioMeta } from './types.js';

export * from './catalogue.js';

const EXTENSION: Record<Driver, string> = { node: 'ts', python: 'py' };

/** Where a scenario's program for a driver lives, whether or not the file exists. */
function programPath(id: string, driver: Driver): string {
  return fileURLToPath(new URL(`../programs/${driver}/${id}.${EXTENSION[driver]}`, import.meta.url));
}

/** The error of this package: a stable code and a message naming what was wrong and the valid choices. */
export class ScenarioError extends Error {
  readonly code: 'ERR_UNKNOWN_SCENARIO' | 'ERR_UNKNOWN_DRIVER' | 'ERR_NO_PROGRAM';

  constructor(code: ScenarioError['code'], message: string) {
    super(message);
    this.code = code;
    Object.defineProperty(this, 'name', { value: 'ScenarioError', enumerable: false, configurable: true });
  }
}

function known(id: string): ScenarioMeta {
  const meta = getDeclared(id);
  if (!meta) throw new ScenarioError('ERR_UNKNOWN_SCENARIO', `Scenario ${JSON.stringify(id)} does not exist. Use one of: ${scenarioIds.join(', ')}`);
  return meta;
}

/**
 * Absolute path of the program that runs scenario `id` under `driver`. Throws ERR_UNKNOWN_SCENARIO,
 * ERR_UNKNOWN_DRIVER, or ERR_NO_PROGRAM when that driver has no program file for it (yet).
 */
export function programFile(id: string, driver: Driver = 'node'): string {
  const meta = known(id);
  if (driver !== 'node' && driver !== 'python') {
    throw new ScenarioError('ERR_UNKNOWN_DRIVER', `Driver ${JSON.stringify(driver)} does not exist. Use one of: node, python`);
  }
  const file = programPath(id, driver);
  if (!existsSync(file)) {
    const have = availableDrivers(meta);
    throw new ScenarioError(
      'ERR_NO_PROGRAM',
      `Scenario ${JSON.stringify(id)} has no ${driver} program (${file} does not exist). Drivers with a program: ${have.join(', ') || 'none'}`,
    );
  }
  return file;
}

/** The program's source text, as shown to users. */
export function programSource(id: string, driver: Driver = 'node'): string {
  return readFileSync(programFile(id, driver), 'utf8');
}

/** The declared drivers whose program file exists, checked now. */
function availableDrivers(meta: ScenarioMeta): Driver[] {
  return meta.drivers.filter((d) => existsSync(programPath(meta.id, d)));
}

/**
 * The catalogue with `drivers` narrowed to the programs that exist (checked when this module loads;
 * call `refreshDrivers()` after adding a program file to a running process).
 */
export let catalogue: readonly ScenarioMeta[] = narrow();

function narrow(): ScenarioMeta[] {
  return declared.map((meta) => ({ ...meta, drivers: availableDrivers(meta) }));
}

/** Checks again which program files exist. */
export function refreshDrivers(): void {
  catalogue = narrow();
  byId = new Map(catalogue.map((s) => [s.id, s]));
}

let byId = new Map(catalogue.map((s) => [s.id, s]));

/** The scenario with this id, with `drivers` narrowed to existing programs, or undefined. */
export function getScenario(id: string): ScenarioMeta | undefined {
  return byId.get(id);
}
