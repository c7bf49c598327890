import { describe, expect, test } from 'vitest';
import { tabOwnerKey, type KeyStorage } from '../../src/net/owner-key.js';

function memoryStorage(): KeyStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('tabOwnerKey', () => {
  test('makes a 128-bit key once per tab and keeps it (a reload reads the same one)', () => {
    const tab = memoryStorage();
    const key = tabOwnerKey(tab);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(tabOwnerKey(tab)).toBe(key);
    expect(tabOwnerKey(memoryStorage())).not.toBe(key); // another tab: another owner
  });

  test('replaces a stored value that is not a key', () => {
    const tab = memoryStorage();
    tab.items.set('forkscope.ownerKey', 'short');
    expect(tabOwnerKey(tab)).toMatch(/^[0-9a-f]{32}$/);
  });

  test('still gives a key when storage is missing or throws', () => {
    expect(tabOwnerKey(null)).toMatch(/^[0-9a-f]{32}$/);
    const blocked: KeyStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {},
    };
    expect(tabOwnerKey(blocked)).toMatch(/^[0-9a-f]{32}$/);
  });
});
