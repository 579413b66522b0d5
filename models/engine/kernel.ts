/**
 * The simulation kernel: a clock and an event heap keyed (time, priority, sequence) — equal times
 * go by priority, then by scheduling order; there are no random tie-breaks. Events are plain
 * integers in typed arrays (a type code and two integer arguments), so scheduling allocates
 * nothing; cancelled events leave the heap at once (indexed heap).
 */

export interface EventHandler {
  /** Handles one event; `now` is already the event's time. */
  handle(type: number, a: number, b: number): void;
}

export class EventQueue {
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private size = 0;
  private slotSeq: Float64Array;
  private slotPrio: Int32Array;
  private slotType: Int32Array;
  private slotA: Int32Array;
  private slotB: Int32Array;
  private slotPos: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private capacity: number;
  private seq = 0;
  /** Fields of the event last popped. */
  time = 0;
  type = 0;
  a = 0;
  b = 0;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity);
    this.capacity = c;
    this.heapTime = new Float64Array(c);
    this.heapTime[0] = Infinity;
    this.heapSlot = new Int32Array(c);
    this.slotSeq = new Float64Array(c);
    this.slotPrio = new Int32Array(c);
    this.slotType = new Int32Array(c);
    this.slotA = new Int32Array(c);
    this.slotB = new Int32Array(c);
    this.slotPos = new Int32Array(c).fill(-1);
    this.free = new Int32Array(c);
    for (let i = 0; i < c; i++) this.free[i] = c - 1 - i;
    this.freeCount = c;
  }

  get length(): number {
    return this.size;
  }

  /** Events scheduled so far (the next event's sequence number). */
  get scheduled(): number {
    return this.seq;
  }

  private grow(): void {
    const old = this.capacity;
    const c = old * 2;
    const f64 = (a: Float64Array) => {
      const n = new Float64Array(c);
      n.set(a);
      return n;
    };
    const i32 = (a: Int32Array) => {
      const n = new Int32Array(c);
      n.set(a);
      return n;
    };
    this.heapTime = f64(this.heapTime);
    this.heapSlot = i32(this.heapSlot);
    this.slotSeq = f64(this.slotSeq);
    this.slotPrio = i32(this.slotPrio);
    this.slotType = i32(this.slotType);
    this.slotA = i32(this.slotA);
    this.slotB = i32(this.slotB);
    const pos = new Int32Array(c).fill(-1);
    pos.set(this.slotPos);
    this.slotPos = pos;
    const free = new Int32Array(c);
    free.set(this.free.subarray(0, this.freeCount));
    for (let i = c - 1; i >= old; i--) free[this.freeCount++] = i;
    this.free = free;
    this.capacity = c;
  }

  /** Time of the event the next pushAt schedules, seconds (a field: a double argument of a call that is not inlined is boxed). */
  at = 0;

  /** Schedules an event; returns its handle (valid until it fires or is cancelled). */
  push(time: number, priority: number, type: number, a: number, b: number): number {
    this.at = time;
    return this.pushAt(priority, type, a, b);
  }

  /** Schedules an event at time `at`; returns its handle (the hot path's push: no double argument). */
  pushAt(priority: number, type: number, a: number, b: number): number {
    const time = this.at;
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount] as number;
    this.slotSeq[slot] = this.seq++;
    this.slotPrio[slot] = priority;
    this.slotType[slot] = type;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    // siftUp written out here and in pop: a double passed to a call that is not inlined is boxed (an allocation per event)
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const pos = this.slotPos;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = ht[p] as number;
      if (time > tp || (time === tp && !this.less(time, slot, p))) break;
      const sp = hs[p] as number;
      ht[i] = tp;
      hs[i] = sp;
      pos[sp] = i;
      i = p;
    }
    ht[i] = time;
    hs[i] = slot;
    pos[slot] = i;
    return slot;
  }

  /** Removes a scheduled event by handle. */
  cancel(handle: number): void {
    const pos = this.slotPos[handle] as number;
    if (pos < 0) throw new Error('kernel: cancel of an event that is not scheduled');
    this.slotPos[handle] = -1;
    this.free[this.freeCount++] = handle;
    const lastIndex = --this.size;
    if (lastIndex === 0) this.heapTime[0] = Infinity;
    if (pos === lastIndex) return;
    const t = this.heapTime[lastIndex] as number;
    const s = this.heapSlot[lastIndex] as number;
    if (pos > 0 && this.less(t, s, (pos - 1) >> 1)) this.siftUp(pos, t, s);
    else this.siftDown(pos, t, s);
  }

  /**
   * Time of the next event (Infinity when none: an empty heap keeps Infinity at its root, so this
   * is one float load; a `size > 0 ? … : Infinity` here made TurboFan box the time of every event).
   */
  peekTime(): number {
    return this.heapTime[0] as number;
  }

  /** Pops the next event into time/type/a/b; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const slot = this.heapSlot[0] as number;
    this.time = this.heapTime[0] as number;
    this.type = this.slotType[slot] as number;
    this.a = this.slotA[slot] as number;
    this.b = this.slotB[slot] as number;
    this.slotPos[slot] = -1;
    this.free[this.freeCount++] = slot;
    const n = --this.size;
    if (n === 0) {
      this.heapTime[0] = Infinity;
      return true;
    }
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const pos = this.slotPos;
    const t = ht[n] as number;
    const s = hs[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = ht[c] as number;
      const r = c + 1;
      if (r < n) {
        const tr = ht[r] as number;
        if (tr < tc || (tr === tc && this.less(tr, hs[r] as number, c))) {
          c = r;
          tc = tr;
        }
      }
      if (t < tc || (t === tc && this.less(t, s, c))) break;
      const sc = hs[c] as number;
      ht[i] = tc;
      hs[i] = sc;
      pos[sc] = i;
      i = c;
    }
    ht[i] = t;
    hs[i] = s;
    pos[s] = i;
    return true;
  }

  /** Is the entry (t, s) ordered before the entry at heap index i? */
  private less(t: number, s: number, i: number): boolean {
    const ti = this.heapTime[i] as number;
    if (t !== ti) return t < ti;
    const si = this.heapSlot[i] as number;
    const pa = this.slotPrio[s] as number;
    const pb = this.slotPrio[si] as number;
    if (pa !== pb) return pa < pb;
    return (this.slotSeq[s] as number) < (this.slotSeq[si] as number);
  }

  private siftUp(i: number, t: number, s: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const pos = this.slotPos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = ht[p] as number;
      if (t > tp || (t === tp && !this.less(t, s, p))) break;
      const sp = hs[p] as number;
      ht[i] = tp;
      hs[i] = sp;
      pos[sp] = i;
      i = p;
    }
    ht[i] = t;
    hs[i] = s;
    pos[s] = i;
  }

  private siftDown(i: number, t: number, s: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const pos = this.slotPos;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = ht[c] as number;
      const r = c + 1;
      if (r < n) {
        const tr = ht[r] as number;
        if (tr < tc || (tr === tc && this.less(tr, hs[r] as number, c))) {
          c = r;
          tc = tr;
        }
      }
      if (t < tc || (t === tc && this.less(t, s, c))) break;
      const sc = hs[c] as number;
      ht[i] = tc;
      hs[i] = sc;
      pos[sc] = i;
      i = c;
    }
    ht[i] = t;
    hs[i] = s;
    pos[s] = i;
  }
}

/** A clock over an event queue, in the SimPy style: `peek`, `step`, `runUntil`. */
export class Kernel {
  readonly queue: EventQueue;
  now = 0;
  events = 0;
  constructor(
    private readonly handler: EventHandler,
    initialCapacity?: number,
  ) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Schedules `type(a, b)` after `delay` seconds; returns a handle for `cancel`. */
  schedule(delay: number, priority: number, type: number, a: number, b: number): number {
    return this.queue.push(this.now + delay, priority, type, a, b);
  }

  /** Schedules at an absolute time (not before now). */
  scheduleAt(time: number, priority: number, type: number, a: number, b: number): number {
    return this.queue.push(time < this.now ? this.now : time, priority, type, a, b);
  }

  cancel(handle: number): void {
    this.queue.cancel(handle);
  }

  /** Time of the next event, Infinity if none. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Runs one event; false when no event is left. */
  step(): boolean {
    const q = this.queue;
    if (!q.pop()) return false;
    this.now = q.time;
    this.events++;
    this.handler.handle(q.type, q.a, q.b);
    return true;
  }

  /** Runs every event with time <= t, then sets the clock to t. */
  runUntil(t: number): void {
    const q = this.queue;
    while (q.length > 0 && q.peekTime() <= t) this.step();
    if (t > this.now) this.now = t;
  }
}
