import { expect, test } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/messages.js';

test('an unknown key (a server error code we have no text for) comes back as the key, not a crash', () => {
  expect(translate('zh', 'err.ERR_SOMETHING_NEW' as MessageKey)).toBe('err.ERR_SOMETHING_NEW');
});
