/**
 * Instance slots of a pool whose membership changes (autoscaled, killed, serverless, database
 * nodes): the state of each slot, the list of serving slots that callers pick from, and time
 * integrals of serving / warming / billed instances.
 */
export const S_OFF = 0;
export const S_SERVING = 1;
export const S_WARMING = 2;
export const S_DRAINING = 3;
export const S_DEAD = 4;

export class Pool {
  readonly serving: Int32Array;
  nServing = 0;
  rr = 0;
  warming = 0;
  draining = 0;
  private last = 0;
  servingArea = 0;
  warmingArea = 0;
  billedArea = 0;
  maxBilled = 0;
  /** Scale events pending per slot (ready / drain-end event ids, -1 = none). */
  readonly timer: Int32Array;
  /** Time each slot entered its state. */
  readonly since: Float64Array;

  constructor(
    readonly base: number,
    readonly slots: number,
    private readonly state: Uint8Array,
  ) {
    this.serving = new Int32Array(slots);
    this.timer = new Int32Array(slots).fill(-1);
    this.since = new Float64Array(slots);
  }

  get billed(): number {
    return this.nServing + this.warming + this.draining;
  }

  stateOf(slot: number): number {
    return this.state[this.base + slot] as number;
  }

  /** Brings the time integrals up to now. */
  touch(now: number): void {
    const dt = now - this.last;
    if (dt > 0) {
      this.servingArea += this.nServing * dt;
      this.warmingArea += this.warming * dt;
      this.billedArea += this.billed * dt;
      this.last = now;
    }
  }

  /** Moves a slot to a new state at time now (the caller touched first). */
  set(slot: number, s: number, now: number): void {
    const old = this.state[this.base + slot] as number;
    if (old === s) return;
    if (old === S_SERVING) {
      const i = this.serving.subarray(0, this.nServing).indexOf(slot);
      this.serving.copyWithin(i, i + 1, this.nServing);
      this.nServing--;
    } else if (old === S_WARMING) this.warming--;
    else if (old === S_DRAINING) this.draining--;
    if (s === S_SERVING) {
      // keep the list sorted by slot so that round robin is deterministic and even
      let i = this.nServing;
      while (i > 0 && (this.serving[i - 1] as number) > slot) {
        this.serving[i] = this.serving[i - 1] as number;
        i--;
      }
      this.serving[i] = slot;
      this.nServing++;
    } else if (s === S_WARMING) this.warming++;
    else if (s === S_DRAINING) this.draining++;
    this.state[this.base + slot] = s;
    this.since[slot] = now;
    if (this.billed > this.maxBilled) this.maxBilled = this.billed;
  }

  /** Round robin over serving slots: a global instance index, or -1 when none serves. */
  next(): number {
    const n = this.nServing;
    if (n === 0) return -1;
    let k = this.rr;
    if (k >= n) k = 0;
    this.rr = k + 1 === n ? 0 : k + 1;
    return this.base + (this.serving[k] as number);
  }
}
