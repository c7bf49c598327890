// The keys a class page keeps in its tab (sessionStorage, like the run owner key): the teacher key of the
// class this tab opened (a reload teaches it again), and a student key (a reload is the same student,
// with their answer). Never shown, never put in a URL.
import { tabOwnerKey, type KeyStorage } from '../net/owner-key.js';

const TEACHER = 'forkscope.class.teacher.';
const STUDENT = 'forkscope.class.studentKey';
const NAME = 'forkscope.class.name';

function session(): KeyStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function keepTeacherKey(code: string, key: string, storage = session()): void {
  try {
    storage?.setItem(TEACHER + code, key);
  } catch {
    // storage blocked: a reload will not teach this class again
  }
}

export function teacherKeyOf(code: string, storage = session()): string | null {
  try {
    return storage?.getItem(TEACHER + code) ?? null;
  } catch {
    return null;
  }
}

/** This tab's student key: 128 random bits, made once per tab. */
export function studentKey(storage = session()): string {
  // The owner key's rules, under its own name.
  const scoped: KeyStorage | null = storage && {
    getItem: () => storage.getItem(STUDENT),
    setItem: (_key, value) => storage.setItem(STUDENT, value),
  };
  return tabOwnerKey(scoped);
}

/** The display name this browser used last (a convenience; the server keeps none across classes). */
export function rememberedName(): string {
  try {
    return localStorage.getItem(NAME) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(NAME, name);
  } catch {
    // storage blocked
  }
}
