// `--redis URL` as a user writes it: redis://host[:port][/db], rediss:// for TLS, with an optional
// user:password. A mistake is one line that never repeats the password.
import { shownValue } from './shown-value.js';

export function parseRedisUrl<E extends Error>(text: string, usageError: (message: string) => E): string {
  const shown = shownValue(text);
  if (!URL.canParse(text)) throw usageError(`Expected \`--redis\` to be a URL such as redis://10.0.0.5:6379, got \`${shown}\``);
  const url = new URL(text);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw usageError(`Expected \`--redis\` to start with redis:// (or rediss:// for TLS), got \`${shown}\``);
  }
  if (url.hostname === '') throw usageError(`Expected \`--redis\` to name a host, as in redis://10.0.0.5:6379, got \`${shown}\``);
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) {
    throw usageError(`Expected the path of \`--redis\` to be a database number such as /0, got \`${shown}\``);
  }
  return text;
}
