// A server's coded error in the page's language: its own sentence where the code has one, else the
// server's message with the code.
import type { I18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import type { ServerError } from '../net/run-controller.js';

export function serverErrorText(tr: I18n['t'], error: ServerError): string {
  const known = `err.${error.code}` as MessageKey;
  return tr(known).startsWith('err.') ? tr('err.generic', { message: error.message, code: error.code }) : tr(known, { message: error.message, field: error.field ?? '' });
}
