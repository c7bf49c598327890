// Where free-standing labels and badges already are, so a label that would overlap one is left out (its
// text stays in the tooltip). Rectangles are bucketed by 128 px columns: a dense frame places hundreds.
// Lane bodies are kept in a space of their own (`obstacles`): labels avoid them, but they are not labels.

export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** What is there: the label's text, or `badge:<pid>`. */
  what: string;
}

const COLUMN = 128;

export class LabelSpace {
  readonly placed: LabelBox[] = [];
  private readonly columns = new Map<number, LabelBox[]>();

  /** @param obstacles what labels must not cover besides each other (the lane bodies). */
  constructor(readonly obstacles?: LabelSpace) {}

  /**
   * Takes the rectangle if no label (and, unless `overBodies`, no lane body) overlaps it, with a 2 px
   * margin; false otherwise.
   */
  tryPlace(x: number, y: number, w: number, h: number, what: string, overBodies = false): boolean {
    if (this.overlaps(x, y, w, h) || (!overBodies && this.obstacles?.overlaps(x, y, w, h))) return false;
    this.reserve(x, y, w, h, what);
    return true;
  }

  /** Takes the rectangle whatever is there (badges, which must show). */
  reserve(x: number, y: number, w: number, h: number, what: string): void {
    const box = { x, y, w, h, what };
    this.placed.push(box);
    for (let c = Math.floor(x / COLUMN); c <= Math.floor((x + w) / COLUMN); c++) {
      let list = this.columns.get(c);
      if (!list) this.columns.set(c, (list = []));
      list.push(box);
    }
  }

  overlaps(x: number, y: number, w: number, h: number): boolean {
    const m = 2;
    for (let c = Math.floor((x - m) / COLUMN); c <= Math.floor((x + w + m) / COLUMN); c++) {
      for (const o of this.columns.get(c) ?? []) {
        if (x - m < o.x + o.w && x + w + m > o.x && y - m < o.y + o.h && y + h + m > o.y) return true;
      }
    }
    return false;
  }
}
