/**
 * Run-time choice of a load balancer: which (station, instance) candidate gets the next request.
 * roundRobin and leastOutstanding pick the target pool by smooth weighted round robin over the pool
 * weights, powerOfTwo by the seeded stream, then the instance within that pool by the policy;
 * weightedRoundRobin, random and consistentHash work on the candidates' weights (pool weight split
 * evenly over its instances), which gives each pool its weight share too.
 */
import { AliasTable } from './distributions.js';
import type { CompiledBalancer } from './model.js';
import { HashRing, RING_POINTS } from './hash-ring.js';
import { hashInt, type Rng } from './random.js';

export class BalancerRuntime {
  /** Global instance index of each candidate. */
  readonly candidateGlobal: Int32Array;
  private readonly n: number;
  /** Rotation over all candidates (weightedRoundRobin ties, fallbacks when a pool has none in rotation). */
  private rr = 0;
  private readonly current: Float64Array;
  private readonly totalWeight: number;
  private readonly table: AliasTable;
  /** Consistent-hash ring over the candidates (null for other policies). */
  private readonly ring: HashRing | null;
  private readonly policyCode: number;
  /** Number of target pools, their weights and their sum. */
  private readonly pools: number;
  private readonly poolWeight: Float64Array;
  private readonly poolTotal: number;
  /** Smooth weighted round robin state over the pools. */
  private readonly poolCurrent: Float64Array;
  /** Next candidate offset of each pool's own rotation. */
  private readonly poolRr: Int32Array;
  /** Pool choice by weight from the seeded stream (powerOfTwo). */
  private readonly poolTable: AliasTable;
  /** Instance choice within each pool from the seeded stream (powerOfTwo). */
  private readonly instTable: AliasTable[];
  /** Pool of the last roundRobin / leastOutstanding / powerOfTwo choice. */
  private pool = 0;

  constructor(
    readonly spec: CompiledBalancer,
    private readonly rng: Rng,
    instanceBase: Int32Array,
    stationIds: readonly string[],
    /** Per global instance: 0 = out of rotation (dead and detected, warming, draining, off); null = never. */
    private readonly mask: Uint8Array | null = null,
  ) {
    const n = spec.candidateStation.length;
    this.n = n;
    this.candidateGlobal = new Int32Array(n);
    for (let i = 0; i < n; i++)
      this.candidateGlobal[i] =
        (instanceBase[spec.candidateStation[i] as number] as number) + (spec.candidateInstance[i] as number);
    this.current = new Float64Array(n);
    this.totalWeight = spec.candidateWeight.reduce((a, b) => a + b, 0);
    this.table = new AliasTable(Array.from(spec.candidateWeight));
    this.policyCode = POLICIES.indexOf(spec.policy);
    const ps = spec.poolStart;
    this.pools = ps.length - 1;
    this.poolWeight = spec.poolWeight;
    this.poolTotal = spec.poolWeight.reduce((a, b) => a + b, 0);
    this.poolCurrent = new Float64Array(this.pools);
    this.poolRr = new Int32Array(this.pools);
    this.poolTable = new AliasTable(Array.from(spec.poolWeight));
    this.instTable = [];
    for (let p = 0; p < this.pools; p++) {
      const w = Array.from(spec.candidateWeight.subarray(ps[p] as number, ps[p + 1] as number));
      this.instTable.push(new AliasTable(w.length > 0 && w.some((x) => x > 0) ? w : [1]));
    }
    if (spec.policy === 'consistentHash') {
      const minW = Math.min(...Array.from(spec.candidateWeight).filter((w) => w > 0));
      const names: string[] = [];
      const points: number[] = [];
      for (let i = 0; i < n; i++) {
        const w = spec.candidateWeight[i] as number;
        names.push(`${stationIds[spec.candidateStation[i] as number]}#${spec.candidateInstance[i]}`);
        points.push(w <= 0 ? 0 : Math.max(1, Math.round((RING_POINTS * w) / minW)));
      }
      this.ring = new HashRing(names, points);
    } else this.ring = null;
  }

  /** Picks a candidate (−1: none in rotation); `outstanding` is the visit count per global instance, `key` the request key. */
  pick(outstanding: Int32Array, key: number): number {
    const i = this.pickAny(outstanding, key);
    const m = this.mask;
    if (m === null || m[this.candidateGlobal[i] as number] === 1) return i;
    return this.pickMasked(outstanding, key, m);
  }

  /** Slow path when the first choice is out of rotation: another instance of the same pool, else of any pool. */
  private pickMasked(outstanding: Int32Array, key: number, m: Uint8Array): number {
    const n = this.n;
    const ok = (i: number) =>
      m[this.candidateGlobal[i] as number] === 1 && (this.spec.candidateWeight[i] as number) > 0;
    const p = this.pool;
    const s = this.spec.poolStart[p] as number;
    const size = (this.spec.poolStart[p + 1] as number) - s;
    switch (this.policyCode) {
      case 0: {
        const start = this.poolRr[p] as number;
        for (let t = 0; t < size; t++) {
          const k = (start + t) % size;
          if (ok(s + k)) {
            this.poolRr[p] = (k + 1) % size;
            return s + k;
          }
        }
        break;
      }
      case 2:
        for (let t = 0; t < 8; t++) {
          const i = this.table.sample(this.rng);
          if (ok(i)) return i;
        }
        break;
      case 4: {
        const table = this.instTable[p] as AliasTable;
        for (let t = 0; t < 8; t++) {
          const i = s + table.sample(this.rng);
          if (ok(i)) return i;
        }
        break;
      }
      case 3: {
        const best = this.leastLoaded(outstanding, s, size, ok);
        if (best >= 0) return best;
        return this.leastLoaded(outstanding, 0, n, ok);
      }
      case 5: {
        const ring = this.ring as HashRing;
        const len = ring.pos.length;
        const start = ring.first(hashInt(key));
        for (let t = 0; t < len; t++) {
          const c = ring.owner[(start + t) % len] as number;
          if (ok(c)) return c;
        }
        return -1;
      }
      default:
        break;
    }
    // fallbacks: the next candidate in rotation over every pool
    const start = this.rr;
    for (let t = 0; t < n; t++) {
      const i = (start + t) % n;
      if (ok(i)) {
        this.rr = (i + 1) % n;
        return i;
      }
    }
    return -1;
  }

  /** The in-rotation candidate of `from` .. `from + count − 1` with the fewest visits per unit of weight (−1: none). */
  private leastLoaded(
    outstanding: Int32Array,
    from: number,
    count: number,
    ok: (i: number) => boolean,
  ): number {
    let best = -1;
    let bestLoad = Infinity;
    for (let i = from; i < from + count; i++) {
      if (!ok(i)) continue;
      const load =
        (outstanding[this.candidateGlobal[i] as number] as number) / (this.spec.candidateWeight[i] as number);
      if (load < bestLoad) {
        bestLoad = load;
        best = i;
      }
    }
    return best;
  }

  /** Next target pool by smooth weighted round robin over the pool weights. */
  private nextPool(): number {
    const np = this.pools;
    if (np === 1) return 0;
    const w = this.poolWeight;
    const cur = this.poolCurrent;
    let best = 0;
    let bestV = -Infinity;
    for (let p = 0; p < np; p++) {
      const v = (cur[p] as number) + (w[p] as number);
      cur[p] = v;
      if (v > bestV) {
        bestV = v;
        best = p;
      }
    }
    cur[best] = (cur[best] as number) - this.poolTotal;
    return best;
  }

  private pickAny(outstanding: Int32Array, key: number): number {
    const n = this.n;
    if (n === 1) return 0;
    switch (this.policyCode) {
      case 0: {
        const p = this.nextPool();
        this.pool = p;
        const s = this.spec.poolStart[p] as number;
        const size = (this.spec.poolStart[p + 1] as number) - s;
        const k = this.poolRr[p] as number;
        this.poolRr[p] = k + 1 === size ? 0 : k + 1;
        return s + k;
      }
      case 1: {
        const w = this.spec.candidateWeight;
        let best = 0;
        let bestV = -Infinity;
        for (let i = 0; i < n; i++) {
          const v = (this.current[i] as number) + (w[i] as number);
          this.current[i] = v;
          if (v > bestV) {
            bestV = v;
            best = i;
          }
        }
        this.current[best] = (this.current[best] as number) - this.totalWeight;
        return best;
      }
      case 2:
        return this.table.sample(this.rng);
      case 3: {
        const p = this.nextPool();
        this.pool = p;
        const s = this.spec.poolStart[p] as number;
        const size = (this.spec.poolStart[p + 1] as number) - s;
        // ties go to the pool's next instance in rotation
        const start = this.poolRr[p] as number;
        this.poolRr[p] = start + 1 === size ? 0 : start + 1;
        let best = s + start;
        let bestLoad = Infinity;
        for (let j = 0; j < size; j++) {
          const i = s + (start + j < size ? start + j : start + j - size);
          const load = outstanding[this.candidateGlobal[i] as number] as number;
          if (load < bestLoad) {
            bestLoad = load;
            best = i;
          }
        }
        return best;
      }
      case 4: {
        const p = this.pools === 1 ? 0 : this.poolTable.sample(this.rng);
        this.pool = p;
        const s = this.spec.poolStart[p] as number;
        const table = this.instTable[p] as AliasTable;
        if (table.n === 1) return s;
        const a = table.sample(this.rng);
        let b = table.sample(this.rng);
        for (let tries = 0; b === a && tries < 16; tries++) b = table.sample(this.rng);
        const la = outstanding[this.candidateGlobal[s + a] as number] as number;
        const lb = outstanding[this.candidateGlobal[s + b] as number] as number;
        return lb < la ? s + b : s + a;
      }
      default:
        return (this.ring as HashRing).lookup(hashInt(key));
    }
  }
}

const POLICIES = [
  'roundRobin',
  'weightedRoundRobin',
  'random',
  'leastOutstanding',
  'powerOfTwo',
  'consistentHash',
];
