/** Run-time choice of a load balancer: which (station, instance) candidate gets the next request. */
import { AliasTable } from './distributions.js';
import type { CompiledBalancer } from './model.js';
import { HashRing, RING_POINTS } from './hash-ring.js';
import { hashInt, type Rng } from './random.js';

export class BalancerRuntime {
  /** Global instance index of each candidate. */
  readonly candidateGlobal: Int32Array;
  private readonly n: number;
  private rr = 0;
  private readonly current: Float64Array;
  private readonly totalWeight: number;
  private readonly table: AliasTable;
  /** Consistent-hash ring over the candidates (null for other policies). */
  private readonly ring: HashRing | null;
  private readonly policyCode: number;

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

  /** Slow path when the first choice is out of rotation. */
  private pickMasked(outstanding: Int32Array, key: number, m: Uint8Array): number {
    const n = this.n;
    const ok = (i: number) =>
      m[this.candidateGlobal[i] as number] === 1 && (this.spec.candidateWeight[i] as number) > 0;
    switch (this.policyCode) {
      case 2:
      case 4:
        for (let t = 0; t < 8; t++) {
          const i = this.table.sample(this.rng);
          if (ok(i)) return i;
        }
        break;
      case 3: {
        let best = -1;
        let bestLoad = Infinity;
        for (let i = 0; i < n; i++) {
          if (!ok(i)) continue;
          const load =
            (outstanding[this.candidateGlobal[i] as number] as number) /
            (this.spec.candidateWeight[i] as number);
          if (load < bestLoad) {
            bestLoad = load;
            best = i;
          }
        }
        return best;
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
    // round robin and fallbacks: the next candidate in rotation
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

  private pickAny(outstanding: Int32Array, key: number): number {
    const n = this.n;
    if (n === 1) return 0;
    switch (this.policyCode) {
      case 0: {
        const i = this.rr;
        this.rr = i + 1 === n ? 0 : i + 1;
        return i;
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
        const start = this.rr;
        this.rr = start + 1 === n ? 0 : start + 1;
        let best = -1;
        let bestLoad = Infinity;
        for (let j = 0; j < n; j++) {
          const i = start + j < n ? start + j : start + j - n;
          if ((this.spec.candidateWeight[i] as number) <= 0) continue;
          const load =
            (outstanding[this.candidateGlobal[i] as number] as number) /
            (this.spec.candidateWeight[i] as number);
          if (load < bestLoad) {
            bestLoad = load;
            best = i;
          }
        }
        return best;
      }
      case 4: {
        const a = this.table.sample(this.rng);
        let b = this.table.sample(this.rng);
        for (let tries = 0; b === a && tries < 16; tries++) b = this.table.sample(this.rng);
        const la = outstanding[this.candidateGlobal[a] as number] as number;
        const lb = outstanding[this.candidateGlobal[b] as number] as number;
        return lb < la ? b : a;
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
