// Markers by lane and kind, each list ordered by time, so a frame finds the markers in view by binary
// search instead of visiting all of them. Kept in step with the model incrementally: the reducer only
// appends markers (an exit marker may be replaced in place, with its seq and time unchanged), so a newer
// model of the same run adds its new markers; any other model (a seek back) rebuilds the index.

import { ChunkedList, type Marker, type MarkerKind } from '@forkscope/protocol';

export class MarkerIndex {
  private markers: ChunkedList<Marker> = ChunkedList.empty();
  private count = 0;
  private lists = new Map<number, Map<MarkerKind, number[]>>();

  /** Brings the index in step with `markers` (the model's list). */
  update(markers: ChunkedList<Marker>): void {
    if (markers === this.markers) return;
    const extends_ = this.count > 0 && markers.length >= this.count && markers.at(this.count - 1)?.seq === this.markers.at(this.count - 1)?.seq && markers.at(0)?.seq === this.markers.at(0)?.seq;
    if (!extends_) {
      this.lists = new Map();
      this.count = 0;
    }
    this.markers = markers;
    for (let i = this.count; i < markers.length; i++) this.insert(i);
    this.count = markers.length;
  }

  /** The marker at an index of a list. */
  at(index: number): Marker {
    return this.markers.at(index)!;
  }

  /** The kinds that have markers on the lane of `pid`, each with its indexes ordered by time. */
  lane(pid: number): ReadonlyMap<MarkerKind, readonly number[]> {
    return this.lists.get(pid) ?? EMPTY;
  }

  /** Position in `list` of the first marker at or after `t`. */
  lowerBound(list: readonly number[], t: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.markers.at(list[mid]!)!.t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(i: number): void {
    const m = this.markers.at(i)!;
    let kinds = this.lists.get(m.pid);
    if (!kinds) this.lists.set(m.pid, (kinds = new Map()));
    let list = kinds.get(m.kind);
    if (!list) kinds.set(m.kind, (list = []));
    // Times of different processes arrive slightly out of order: almost always this appends.
    if (list.length === 0 || this.markers.at(list[list.length - 1]!)!.t <= m.t) list.push(i);
    else list.splice(this.upperBound(list, m.t), 0, i);
  }

  private upperBound(list: readonly number[], t: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.markers.at(list[mid]!)!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const EMPTY: ReadonlyMap<MarkerKind, readonly number[]> = new Map();
