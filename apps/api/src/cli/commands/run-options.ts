// The options of `forkscope run`, checked: the scenario exists, every --param is known and in bounds,
// the driver has a program, the folder of --record exists. Each mistake is one line that names the
// problem and lists the valid choices.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Driver } from '@forkscope/protocol';
import { getScenario, paramsFor, parseParamText, programFile, scenarioIds, ScenarioError, validateParams } from '@forkscope/scenarios';
import type { Lang, ScenarioMeta } from '@forkscope/scenarios';
import { CliError } from '../cli-error.js';
import { parseLang } from '../lang-option.js';

export const RUN_USAGE = `Usage: forkscope run <scenario> [--param name=value]… [--driver node|python] [--lang zh|en] [--record FILE] [--json]
  --param, -p name=value  a scenario parameter (repeatable); lists are comma-separated
  --driver node|python    which program runs it (default node)
  --lang zh|en            language of titles, lifecycle lines and expectations
  --record FILE           write the recording (NDJSON) to FILE as the run goes
  --json                  print the raw event stream (NDJSON) instead of the console view
Scenarios: forkscope list`;

export interface RunOptions {
  meta: ScenarioMeta;
  params: Record<string, unknown>;
  driver: Driver;
  file: string;
  lang: Lang;
  record: string | null;
  json: boolean;
}

export function parseRunOptions(argv: readonly string[]): RunOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        param: { type: 'string', short: 'p', multiple: true },
        driver: { type: 'string' },
        lang: { type: 'string' },
        record: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliError('ERR_USAGE', `${(error as Error).message.split('\n')[0]}; see \`forkscope run --help\``);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliError('ERR_USAGE', `Expected one scenario id, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}. Scenarios: ${scenarioIds.join(', ')}`);
  }
  const id = positionals[0]!;
  const meta = getScenario(id);
  if (!meta) throw new CliError('ERR_UNKNOWN_SCENARIO', `Scenario "${id}" does not exist. Use one of: ${scenarioIds.join(', ')}`);
  const driver = values.driver ?? 'node';
  if (driver !== 'node' && driver !== 'python') throw new CliError('ERR_UNKNOWN_DRIVER', `Driver "${driver}" does not exist. Use one of: node, python`);
  const params = validated(meta, values.param ?? [], driver);
  let file: string;
  try {
    file = programFile(id, driver);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(error.code as 'ERR_NO_PROGRAM', error.message);
    throw error;
  }
  const record = values.record ?? null;
  if (record !== null) checkRecordPath(record);
  return { meta, params, driver, file, lang: parseLang(values.lang), record, json: values.json === true };
}

/** `--record` writes one file into a folder that exists: a typo must not grow a tree of folders. */
function checkRecordPath(record: string): void {
  if (record === '') throw new CliError('ERR_USAGE', 'Expected `--record` to be a file name, got ``');
  const folder = dirname(resolve(record));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError('ERR_USAGE', `The folder of \`--record\` does not exist: ${folder}; create it first or record elsewhere`);
  }
  if (existsSync(record) && statSync(record).isDirectory()) {
    throw new CliError('ERR_USAGE', `\`--record\` names a folder, not a file: ${record}`);
  }
}

function validated(meta: ScenarioMeta, pairs: readonly string[], driver: Driver): Record<string, unknown> {
  // No prototype: `--param __proto__=1` is a key like any other, and refused as unknown.
  const input: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError('ERR_USAGE', `Expected \`--param\` as name=value, got \`${pair}\`. ${paramList(meta, driver)}`);
    const name = pair.slice(0, eq);
    const spec = meta.params.find((p) => p.name === name);
    input[name] = spec ? parseParamText(spec, pair.slice(eq + 1)) : pair.slice(eq + 1);
  }
  const result = validateParams(meta, input, driver);
  if (!result.ok) throw new CliError(result.code, result.message);
  return result.params;
}

function paramList(meta: ScenarioMeta, driver: Driver): string {
  const specs = paramsFor(meta, driver);
  if (specs.length === 0) return `Scenario "${meta.id}" takes no parameters under the ${driver} driver.`;
  return `Parameters of "${meta.id}" (${driver}): ${specs.map((p) => `${p.name} (default ${JSON.stringify(p.default)})`).join(', ')}.`;
}
