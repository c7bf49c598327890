// `forkscope list`: the catalogue, with seed sections, titles and drivers.
import { parseArgs } from 'node:util';
import { catalogue } from '@forkscope/scenarios';
import { CliError } from '../cli-error.js';
import type { CliOutput } from '../cli-output.js';
import { parseLang } from '../lang-option.js';

export const LIST_USAGE = 'Usage: forkscope list [--lang zh|en] [--json]';

export async function listCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { lang: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CliError('ERR_USAGE', `${(error as Error).message}\n${LIST_USAGE}`);
  }
  const lang = parseLang(values.lang);
  if (values.json) {
    io.out(JSON.stringify(catalogue.map((s) => ({ ...s, expectations: s.expectations.map((e) => ({ id: e.id, text: e.text })) }))));
    return 0;
  }
  const idWidth = Math.max(...catalogue.map((s) => s.id.length));
  for (const s of catalogue) {
    io.out(`${s.id.padEnd(idWidth)}  ${s.section.padEnd(4)}  ${s.title[lang]}  (${s.drivers.join(', ')})`);
  }
  return 0;
}
