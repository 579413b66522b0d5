/**
 * Consistent-hash ring with virtual nodes: each member owns `points` positions (hash32 of
 * "name#v"), a 32-bit key hash belongs to the first position at or after it (wrapping). Removing a
 * member moves only the keys it owned, about 1/N of them, to the next positions on the ring.
 */
import { hash32 } from './random.js';

/** Virtual nodes per unit of weight. */
export const RING_POINTS = 100;

export class HashRing {
  /** Sorted positions on the ring and the member owning each. */
  readonly pos: Uint32Array;
  readonly owner: Int32Array;

  /** `names[i]` names member i; `points[i]` is its number of virtual nodes (0 = not on the ring). */
  constructor(names: readonly string[], points: readonly number[]) {
    const all: [number, number][] = [];
    names.forEach((name, i) => {
      const k = points[i] as number;
      for (let v = 0; v < k; v++) all.push([hash32(`${name}#${v}`), i]);
    });
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.pos = Uint32Array.from(all.map((p) => p[0]));
    this.owner = Int32Array.from(all.map((p) => p[1]));
  }

  /** Index of the first position at or after hash h (h an unsigned 32-bit hash); pos.length wraps to 0. */
  first(h: number): number {
    const pos = this.pos;
    let lo = 0;
    let hi = pos.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((pos[mid] as number) < h) lo = mid + 1;
      else hi = mid;
    }
    return lo === pos.length ? 0 : lo;
  }

  /** Member owning hash h. */
  lookup(h: number): number {
    return this.owner[this.first(h)] as number;
  }

  /** Member owning hash h among those with up[member] === 1 (the next live one on the ring), or -1. */
  lookupUp(h: number, up: Uint8Array): number {
    const n = this.pos.length;
    const start = this.first(h);
    for (let t = 0; t < n; t++) {
      const i = start + t < n ? start + t : start + t - n;
      const m = this.owner[i] as number;
      if (up[m] === 1) return m;
    }
    return -1;
  }
}
