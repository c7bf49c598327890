import { describe, expect, test } from 'vitest';
import { MESSAGES, detectLang, translate } from '../../src/i18n/messages.js';

describe('messages', () => {
  test('every key has a non-empty text in both languages, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[]) {
      expect(MESSAGES.zh[key], key).toBeTruthy();
      expect(placeholders(MESSAGES.zh[key]), key).toEqual(placeholders(MESSAGES.en[key]));
    }
  });

  test('translate fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'timeline.summary', { n: 3, d: '3.046', status: 'completed' })).toBe('3 processes · 3.046 s · completed');
    expect(translate('zh', 'timeline.summary', { n: 3, d: '3.046', status: '已完成' })).toBe('3 个进程 · 3.046 秒 · 已完成');
    expect(translate('en', 'timeline.hidden')).toBe('{s} s hidden');
  });

  test.each([
    [['zh-CN', 'en'], 'zh'],
    [['zh-TW'], 'zh'],
    [['en-GB', 'zh-CN'], 'en'],
    [['de-DE', 'zh'], 'zh'],
    [[], 'en'],
  ] as const)('detectLang(%j) = %s', (languages, lang) => {
    expect(detectLang(languages)).toBe(lang);
  });
});
