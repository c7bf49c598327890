// The per-run output budget: forwards `process.output` text until the cap, then drops it (lifecycle events
// are never dropped). Reports the first drop once, so the run emits exactly one `output.truncated`.

export interface Admission {
  /** Text to forward (possibly cut on a character boundary), or null to drop all of it. */
  text: string | null;
  dropped: number;
  /** True only for the first admission that dropped anything. */
  firstDrop: boolean;
}

export class OutputCap {
  private used = 0;
  droppedBytes = 0;

  constructor(private readonly limit: number) {}

  /** Counts `text` and says true when all of it fits (the usual case, without an Admission); false: call admit(). */
  fits(text: string): boolean {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  admit(text: string): Admission {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used + bytes <= this.limit) {
      this.used += bytes;
      return { text, dropped: 0, firstDrop: false };
    }
    const firstDrop = this.droppedBytes === 0;
    const room = this.limit - this.used;
    const kept = room > 0 ? cutUtf8(text, room) : '';
    const keptBytes = Buffer.byteLength(kept, 'utf8');
    this.used += keptBytes;
    const dropped = bytes - keptBytes;
    this.droppedBytes += dropped;
    return { text: kept || null, dropped, firstDrop };
  }

  get forwardedBytes(): number {
    return this.used;
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function cutUtf8(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  let end = buf.length;
  // Step back over a trailing partial sequence (continuation bytes are 10xxxxxx).
  let i = end - 1;
  while (i >= 0 && ((buf[i] as number) & 0xc0) === 0x80) i--;
  if (i >= 0) {
    const lead = buf[i] as number;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - i < need) end = i;
  }
  return buf.subarray(0, end).toString('utf8');
}
