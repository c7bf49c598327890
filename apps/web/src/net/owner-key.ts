// This tab's owner key (protocol: events/messages.ts): 128 random bits, kept in sessionStorage so that a
// reload of the tab keeps control of the run it started, while another tab or device is only a viewer.
// Sent with `run` and every `watch`; never shown, never put in a URL.

const STORAGE_KEY = 'forkscope.ownerKey';
const KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function freshKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The tab's key; a new one when there is none (or storage is unavailable, e.g. blocked: then per page load). */
export function tabOwnerKey(storage: KeyStorage | null = sessionStorageOrNull()): string {
  try {
    const kept = storage?.getItem(STORAGE_KEY) ?? null;
    if (kept !== null && KEY_PATTERN.test(kept)) return kept;
    const key = freshKey();
    storage?.setItem(STORAGE_KEY, key);
    return key;
  } catch {
    return freshKey();
  }
}

function sessionStorageOrNull(): KeyStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
