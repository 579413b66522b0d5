/**
 * The contents of one cache node under the key model: at most `capacity` keys, evicted by LRU
 * (least recently used), LFU (least frequently used since insertion; ties by least recent use) or
 * FIFO (TTL policy: entries live `ttlS` from their fill, a hit does not extend them, so the oldest
 * fill expires first). A `ttlS` on LRU/LFU gives LRU+TTL / LFU+TTL. Slots live in typed arrays;
 * a lookup or fill is O(1) for LRU/FIFO and O(log C) for LFU.
 */
export const POLICY_LRU = 0;
export const POLICY_LFU = 1;
export const POLICY_TTL = 2;

export class KeyStore {
  private readonly slotOf = new Map<number, number>();
  private readonly keyOf: Float64Array;
  private readonly expires: Float64Array;
  // LRU / FIFO: doubly linked list, head = next victim
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;
  // LFU: indexed min-heap on (count, last use)
  private readonly heap: Int32Array;
  private readonly heapPos: Int32Array;
  private readonly count: Float64Array;
  private readonly lastUse: Float64Array;
  private tick = 0;
  private used = 0;

  constructor(
    readonly capacity: number,
    readonly policy: number,
    readonly ttlS: number,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new Error('cache capacity must be an integer >= 1');
    if (!(ttlS > 0)) throw new Error('cache ttl must be > 0');
    this.keyOf = new Float64Array(capacity);
    this.expires = new Float64Array(capacity);
    const lfu = policy === POLICY_LFU;
    this.prev = new Int32Array(lfu ? 0 : capacity);
    this.next = new Int32Array(lfu ? 0 : capacity);
    this.heap = new Int32Array(lfu ? capacity : 0);
    this.heapPos = new Int32Array(lfu ? capacity : 0);
    this.count = new Float64Array(lfu ? capacity : 0);
    this.lastUse = new Float64Array(lfu ? capacity : 0);
  }

  get size(): number {
    return this.used;
  }

  /** True on a hit (and the entry's use is recorded); an expired entry is removed and misses. */
  lookup(key: number, now: number): boolean {
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    if ((this.expires[s] as number) <= now) {
      this.remove(s);
      return false;
    }
    if (this.policy === POLICY_LRU) {
      this.unlink(s);
      this.append(s);
    } else if (this.policy === POLICY_LFU) {
      this.count[s]!++;
      this.lastUse[s] = ++this.tick;
      this.siftDown(this.heapPos[s] as number);
    }
    return true;
  }

  /** Stores key (after a miss was fetched); evicts a victim when full. */
  fill(key: number, now: number): void {
    const existing = this.slotOf.get(key);
    if (existing !== undefined) {
      // a concurrent fetch already filled it: refresh
      this.expires[existing] = now + this.ttlS;
      return;
    }
    let s: number;
    if (this.used < this.capacity) s = this.used++;
    else {
      s = this.policy === POLICY_LFU ? (this.heap[0] as number) : this.head;
      this.slotOf.delete(this.keyOf[s] as number);
      if (this.policy === POLICY_LFU) this.heapRemove(s);
      else this.unlink(s);
    }
    this.keyOf[s] = key;
    this.expires[s] = now + this.ttlS;
    this.slotOf.set(key, s);
    if (this.policy === POLICY_LFU) {
      this.count[s] = 1;
      this.lastUse[s] = ++this.tick;
      this.heapInsert(s);
    } else this.append(s);
  }

  /** Removes key if it is stored (a write invalidated it); true when it was there. */
  drop(key: number): boolean {
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    this.remove(s);
    return true;
  }

  /** Empties the store (a flush or a restart). */
  clear(): void {
    this.slotOf.clear();
    this.used = 0;
    this.head = -1;
    this.tail = -1;
    this.heapSize = 0;
  }

  private remove(s: number): void {
    this.slotOf.delete(this.keyOf[s] as number);
    if (this.policy === POLICY_LFU) this.heapRemove(s);
    else this.unlink(s);
    // move the last used slot into s to keep slots dense
    const last = --this.used;
    if (last !== s) {
      const k = this.keyOf[last] as number;
      this.keyOf[s] = k;
      this.expires[s] = this.expires[last] as number;
      this.slotOf.set(k, s);
      if (this.policy === POLICY_LFU) {
        this.count[s] = this.count[last] as number;
        this.lastUse[s] = this.lastUse[last] as number;
        const p = this.heapPos[last] as number;
        this.heap[p] = s;
        this.heapPos[s] = p;
      } else {
        const pv = this.prev[last] as number;
        const nx = this.next[last] as number;
        this.prev[s] = pv;
        this.next[s] = nx;
        if (pv >= 0) this.next[pv] = s;
        else this.head = s;
        if (nx >= 0) this.prev[nx] = s;
        else this.tail = s;
      }
    }
  }

  private unlink(s: number): void {
    const pv = this.prev[s] as number;
    const nx = this.next[s] as number;
    if (pv >= 0) this.next[pv] = nx;
    else this.head = nx;
    if (nx >= 0) this.prev[nx] = pv;
    else this.tail = pv;
  }

  private append(s: number): void {
    this.prev[s] = this.tail;
    this.next[s] = -1;
    if (this.tail >= 0) this.next[this.tail] = s;
    else this.head = s;
    this.tail = s;
  }

  // ---- LFU heap over the first `heapSize` entries of `heap` (heapSize = used)
  private heapSize = 0;
  private less(a: number, b: number): boolean {
    const ca = this.count[a] as number;
    const cb = this.count[b] as number;
    return ca < cb || (ca === cb && (this.lastUse[a] as number) < (this.lastUse[b] as number));
  }
  private place(i: number, s: number): void {
    this.heap[i] = s;
    this.heapPos[s] = i;
  }
  private siftUp(i: number): void {
    const s = this.heap[i] as number;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = this.heap[p] as number;
      if (!this.less(s, ps)) break;
      this.place(i, ps);
      i = p;
    }
    this.place(i, s);
  }
  private siftDown(i: number): void {
    const s = this.heap[i] as number;
    const n = this.heapSize;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(this.heap[c + 1] as number, this.heap[c] as number)) c++;
      const cs = this.heap[c] as number;
      if (!this.less(cs, s)) break;
      this.place(i, cs);
      i = c;
    }
    this.place(i, s);
  }
  private heapInsert(s: number): void {
    this.place(this.heapSize++, s);
    this.siftUp(this.heapSize - 1);
  }
  private heapRemove(s: number): void {
    const i = this.heapPos[s] as number;
    const last = this.heap[--this.heapSize] as number;
    if (i === this.heapSize) return;
    this.place(i, last);
    this.siftDown(i);
    this.siftUp(this.heapPos[last] as number);
  }
}
