// Validation of createSupervisor and startRun options: misuse throws early, quoting the option and its value.
import { randomBytes } from 'node:crypto';
import { invalidOption, isRunId } from '@forkscope/protocol';
import { checkEditedProgram } from './sandbox/edited-launch.js';
import type { StartRunOptions, SupervisorOptions } from './types.js';


/** 11 url-safe characters that are a run id (not starting with `-` or `_`). */
function newRunId(): string {
  for (;;) {
    const id = randomBytes(8).toString('base64url');
    if (isRunId(id)) return id;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalidOption(name, `an integer between ${min} and ${max}`, value);
  }
}

export function checkSupervisorOptions(options: unknown): SupervisorOptions {
  if (options === undefined) return {};
  if (!isPlainObject(options)) invalidOption('options', 'an object', options);
  const { cgroupRoot, graceMs, sampleIntervalMs, watchdog, sweep, reaper, sandboxUid, sandboxGid, kernelSources } = options;
  checkInteger('sandboxUid', sandboxUid, 1, 2 ** 31 - 2);
  checkInteger('sandboxGid', sandboxGid, 1, 2 ** 31 - 2);
  if (cgroupRoot !== undefined && cgroupRoot !== null && (typeof cgroupRoot !== 'string' || !cgroupRoot.startsWith('/'))) {
    invalidOption('cgroupRoot', 'an absolute path or null', cgroupRoot);
  }
  checkInteger('graceMs', graceMs, 0, 60_000);
  checkInteger('sampleIntervalMs', sampleIntervalMs, 1, 1000);
  if (watchdog !== undefined && typeof watchdog !== 'boolean') invalidOption('watchdog', 'a boolean', watchdog);
  if (sweep !== undefined && typeof sweep !== 'boolean') invalidOption('sweep', 'a boolean', sweep);
  if (reaper !== undefined && typeof reaper !== 'boolean') invalidOption('reaper', 'a boolean', reaper);
  if (kernelSources !== undefined && typeof kernelSources !== 'boolean') invalidOption('kernelSources', 'a boolean', kernelSources);
  return options as SupervisorOptions;
}

/** Checks startRun's options and fills in the run id and params. */
export function checkStartRunOptions(options: unknown): StartRunOptions & { runId: string; params: Record<string, unknown> } {
  if (!isPlainObject(options)) invalidOption('options', 'an object', options);
  const { program, driver, command, params, scenario, runId, env, cwd, edit } = options;
  if ([program, command, edit].filter((x) => x !== undefined).length !== 1) {
    invalidOption('program', 'set when neither `command` nor `edit` is (exactly one of them)', program);
  }
  if (edit !== undefined) {
    checkEditedProgram(edit);
    if (driver !== 'node' && driver !== 'python') invalidOption('driver', '`node` or `python` for an edited program', driver);
    if (env !== undefined || cwd !== undefined) invalidOption('env', 'unset for an edited program (the sandbox sets its environment)', env ?? cwd);
  }
  if (command !== undefined && (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === 'string'))) {
    invalidOption('command', 'a non-empty array of strings', command);
  }
  if (program !== undefined && (!isPlainObject(program) || typeof program['file'] !== 'string')) {
    invalidOption('program', 'an object with a `file` string', program);
  }
  if (driver !== undefined && driver !== 'node' && driver !== 'python' && !(isPlainObject(driver) && typeof driver['prepare'] === 'function')) {
    invalidOption('driver', '`node`, `python` or a Driver', driver);
  }
  if (params !== undefined) {
    if (!isPlainObject(params)) invalidOption('params', 'an object', params);
    try {
      JSON.stringify(params);
    } catch {
      invalidOption('params', 'JSON-serialisable', params);
    }
  }
  if (scenario !== undefined && scenario !== null && typeof scenario !== 'string') invalidOption('scenario', 'a string or null', scenario);
  if (runId !== undefined && !isRunId(runId)) {
    invalidOption('runId', 'a run id (1 to 128 letters, digits, `-` or `_`, starting with a letter or digit)', runId);
  }
  if (env !== undefined && (!isPlainObject(env) || !Object.values(env).every((v) => typeof v === 'string'))) {
    invalidOption('env', 'an object of strings', env);
  }
  if (cwd !== undefined && typeof cwd !== 'string') invalidOption('cwd', 'a string', cwd);
  return {
    ...(options as StartRunOptions),
    runId: (runId as string | undefined) ?? newRunId(),
    params: (params as Record<string, unknown> | undefined) ?? {},
  };
}
