// `--lang zh|en`; the default follows the locale (LC_ALL, LC_MESSAGES, LANG): Chinese for zh_*, else English.
import type { Lang } from '@forkscope/scenarios/catalogue';
import { CliError } from './cli-error.js';

export function parseLang(value: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (value === undefined) {
    const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
    return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  if (value === 'zh' || value === 'en') return value;
  throw new CliError('ERR_USAGE', `Expected \`--lang\` to be one of: zh, en; got \`${value}\``);
}
