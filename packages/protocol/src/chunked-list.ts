// The timeline model's growing lists (markers, arrows, console lines): immutable lists that share their
// storage between model versions. Items live in chunks of CHUNK; a batch that appends 20 items to a list
// of 20 000 copies the chunk directory (a pointer per chunk) and the last chunk, not 20 000 items, and a
// batch that rewrites an old item copies only that item's chunk. Every version keeps exactly its own
// items, so two lists with the same items compare equal however they were built.
//
// Read like a read-only array: `length`, `at(i)`, `for … of`, and the usual searching and mapping
// methods; `toJSON` gives the plain array (a logged or stringified model shows arrays).
//
// A list that owns its chunks outright (made by `copy()`; the in-place reducer keeps such lists) may be
// changed with `push` and `set`; every other list refuses, so no model version can change under a reader.

const CHUNK_BITS = 6;
/** Items per chunk: small enough that copying the last chunk per batch is cheap, large enough that the directory stays short. */
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

export class ChunkedList<T> implements Iterable<T> {
  /** Full chunks of CHUNK items, then the last one (1…CHUNK items); none when empty. */
  readonly #chunks: T[][];
  #length: number;
  /** Whether this list alone holds its chunks (then `push` and `set` may change them in place). */
  readonly #owned: boolean;

  private constructor(chunks: T[][], length: number, owned: boolean) {
    this.#chunks = chunks;
    this.#length = length;
    this.#owned = owned;
  }

  /** An empty list (shares nothing, so it is never changed: extending it makes a new list). */
  static empty<T>(): ChunkedList<T> {
    return new ChunkedList<T>([], 0, false);
  }

  /** A list of `items`, owned by the caller (`push` and `set` work on it). */
  static from<T>(items: Iterable<T>): ChunkedList<T> {
    const list = new ChunkedList<T>([], 0, true);
    for (const item of items) list.push(item);
    return list;
  }

  get length(): number {
    return this.#length;
  }

  /** The item at `index` (negative counts from the end, as Array.prototype.at), or undefined. */
  at(index: number): T | undefined {
    const i = index < 0 ? this.#length + index : index;
    if (!(i >= 0 && i < this.#length)) return undefined;
    return this.#chunks[i >>> CHUNK_BITS]![i & MASK];
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  forEach(fn: (item: T, index: number) => void): void {
    let index = 0;
    for (const chunk of this.#chunks) for (const item of chunk) fn(item, index++);
  }

  find<S extends T>(fn: (item: T, index: number) => item is S): S | undefined;
  find(fn: (item: T, index: number) => boolean): T | undefined;
  find(fn: (item: T, index: number) => boolean): T | undefined {
    const i = this.findIndex(fn);
    return i === -1 ? undefined : this.at(i);
  }

  findIndex(fn: (item: T, index: number) => boolean): number {
    let index = 0;
    for (const chunk of this.#chunks) for (const item of chunk) if (fn(item, index++)) return index - 1;
    return -1;
  }

  /** Searches from the end: what a reader of recent lines wants. */
  findLastIndex(fn: (item: T, index: number) => boolean): number {
    for (let c = this.#chunks.length - 1; c >= 0; c--) {
      const chunk = this.#chunks[c]!;
      for (let j = chunk.length - 1; j >= 0; j--) if (fn(chunk[j]!, (c << CHUNK_BITS) + j)) return (c << CHUNK_BITS) + j;
    }
    return -1;
  }

  some(fn: (item: T, index: number) => boolean): boolean {
    return this.findIndex(fn) !== -1;
  }

  every(fn: (item: T, index: number) => boolean): boolean {
    return this.findIndex((item, index) => !fn(item, index)) === -1;
  }

  filter<S extends T>(fn: (item: T, index: number) => item is S): S[];
  filter(fn: (item: T, index: number) => boolean): T[];
  filter(fn: (item: T, index: number) => boolean): T[] {
    const out: T[] = [];
    this.forEach((item, index) => {
      if (fn(item, index)) out.push(item);
    });
    return out;
  }

  map<U>(fn: (item: T, index: number) => U): U[] {
    const out = new Array<U>(this.#length);
    this.forEach((item, index) => {
      out[index] = fn(item, index);
    });
    return out;
  }

  reduce<U>(fn: (acc: U, item: T, index: number) => U, initial: U): U {
    let acc = initial;
    this.forEach((item, index) => {
      acc = fn(acc, item, index);
    });
    return acc;
  }

  /** Items `start` to `end` (exclusive) as an array; negative indexes count from the end, as Array.prototype.slice. */
  slice(start = 0, end = this.#length): T[] {
    const from = clampIndex(start, this.#length);
    const to = clampIndex(end, this.#length);
    const out: T[] = [];
    for (let i = from; i < to; i++) out.push(this.#chunks[i >>> CHUNK_BITS]![i & MASK]!);
    return out;
  }

  toArray(): T[] {
    return this.slice();
  }

  toJSON(): T[] {
    return this.slice();
  }

  /**
   * This list with `added` appended and the items of `rewritten` (index → item) replaced: a new list
   * that shares every chunk the change leaves alone. The list itself does not change.
   */
  extended(added: readonly T[], rewritten: ReadonlyMap<number, T> | null = null): ChunkedList<T> {
    if (added.length === 0 && (rewritten === null || rewritten.size === 0)) return this;
    // An owned list's chunks may still change in place: a version made from it shares none of them.
    const chunks = this.#owned ? this.#chunks.map((chunk) => chunk.slice()) : this.#chunks.slice();
    const copied = this.#owned ? null : new Set<number>();
    const writable = (c: number): T[] => {
      if (copied !== null && !copied.has(c)) {
        chunks[c] = chunks[c]!.slice();
        copied.add(c);
      }
      return chunks[c]!;
    };
    if (rewritten !== null) {
      for (const [index, item] of rewritten) {
        if (!(index >= 0 && index < this.#length)) throw new RangeError(`Expected an index below ${this.#length} to rewrite, got ${index}`);
        writable(index >>> CHUNK_BITS)[index & MASK] = item;
      }
    }
    let length = this.#length;
    for (const item of added) {
      const c = length >>> CHUNK_BITS;
      if ((length & MASK) === 0) chunks.push([item]);
      else writable(c).push(item);
      length++;
    }
    return new ChunkedList(chunks, length, false);
  }

  /** A list with the same items that shares nothing: its owner may `push` and `set`. */
  copy(): ChunkedList<T> {
    return new ChunkedList(
      this.#chunks.map((chunk) => chunk.slice()),
      this.#length,
      true,
    );
  }

  /** Appends in place; returns the item's index. Only on a list this caller owns (`copy()`, `from()`). */
  push(item: T): number {
    this.#ownedOnly('push');
    const index = this.#length;
    if ((index & MASK) === 0) this.#chunks.push([item]);
    else this.#chunks[index >>> CHUNK_BITS]!.push(item);
    this.#length++;
    return index;
  }

  /** Replaces an item in place. Only on a list this caller owns (`copy()`, `from()`). */
  set(index: number, item: T): void {
    this.#ownedOnly('set');
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`Expected an index below ${this.#length} to set, got ${index}`);
    this.#chunks[index >>> CHUNK_BITS]![index & MASK] = item;
  }

  #ownedOnly(what: string): void {
    if (!this.#owned) throw new TypeError(`Cannot ${what} on a shared list: lists of a timeline model never change (extend it, or copy() it to own one)`);
  }
}

function clampIndex(index: number, length: number): number {
  const i = Math.trunc(index) || 0;
  return i < 0 ? Math.max(0, length + i) : Math.min(i, length);
}
