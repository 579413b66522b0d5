/**
 * Measured p99 attribution: every `every`-th request of each source is traced through its visits
 * (no random stream is used, so the run's other results do not change). A traced visit splits its
 * span (send → reply delivered) into the call's network (both legs, balancer delay included), its
 * station's local time (arrival → reply, minus its call groups) and, per call group, the breakdown
 * of the branch that finished last (the critical path) plus that call's retry time (group duration
 * minus the final attempt's span). Async calls are not part of the caller's span. A finished,
 * successful, measured request adds its breakdown to the bucket of its latency; buckets add
 * exactly, so replications merge by addition.
 */
import type {
  MeasuredTailAttribution,
  MeasuredTailPart,
  TailPartLabel,
  TailTraceJson,
} from '../../shared/results/index.js';
import { binOf, type Histogram } from './histogram.js';
import type { CompiledModel } from './model.js';

/** Default sampling period: one request in 32 of each source is traced. */
export const TRACE_EVERY = 32;
/** Trace events: a visit is sent (j, call, station), arrives (j), starts a call group (j), replies (j), its reply is delivered (j, parent or -1, request or -1 unless the root); a request finishes (request, latency s, 1 = recorded). */
export const T_BEGIN = 1;
export const T_ARRIVE = 2;
export const T_GROUP = 3;
export const T_RESPOND = 4;
export const T_DELIVER = 5;
export const T_FINISH = 6;
/** Events buffered before they are applied (5 numbers each: kind, a, b, c, time). */
const LOG_EVENTS = 4096;

/** Bucket of a latency: histogram bin >> 4 (16 of the 1024 bins per power of two: ≤ 1.6% wide). */
const BUCKET_SHIFT = 4;

export function bucketOf(latencyS: number): number {
  return binOf(latencyS) >> BUCKET_SHIFT;
}

/** One traced visit. Times in simulated seconds. */
interface Rec {
  call: number;
  station: number;
  /** Sent, arrived at the station, replied, reply delivered. */
  t0: number;
  tA: number;
  tR: number;
  tD: number;
  /** Open call group: its start and the branch that finished last so far. */
  gOpen: boolean;
  gStart: number;
  crit: Rec | null;
  /** Seconds spent in call groups. */
  groupSum: number;
  /** Seconds per part (stations' local time, calls' network, calls' retries). */
  acc: Float64Array;
}

export class TailTracer {
  private readonly ns: number;
  private readonly nc: number;
  private readonly nParts: number;
  private readonly countdown: Int32Array;
  private readonly recs: (Rec | undefined)[] = [];
  /** Root visit's record per request index (the last attempt's, once its reply is in). */
  private readonly roots: (Rec | undefined)[] = [];
  /** Records no longer referenced, for reuse (the hot path allocates only while the pool grows). */
  private readonly spare: Rec[] = [];
  private readonly sums = new Map<number, Float64Array>();
  private readonly counts = new Map<number, number>();
  private sampled = 0;
  /** Buffered events: the engine only appends (a small inlinable call), flush applies them in order. */
  private readonly buf = new Float64Array(LOG_EVENTS * 5);
  private n = 0;

  constructor(
    private readonly model: CompiledModel,
    private readonly every: number,
  ) {
    this.ns = model.stations.length;
    this.nc = model.calls.length;
    this.nParts = this.ns + 2 * this.nc;
    // the first request of each source is traced, then every `every`-th
    this.countdown = new Int32Array(model.sources.length).fill(1);
  }

  /** 1 when the next request of source src is traced, else 0. */
  pick(src: number): number {
    if (this.every <= 0) return 0;
    if (--this.countdown[src]! > 0) return 0;
    this.countdown[src] = this.every;
    this.sampled++;
    return 1;
  }

  /** Appends a trace event (see T_BEGIN …); t in simulated seconds. */
  log(kind: number, a: number, b: number, c: number, t: number): void {
    const i = this.n;
    const L = this.buf;
    L[i] = kind;
    L[i + 1] = a;
    L[i + 2] = b;
    L[i + 3] = c;
    L[i + 4] = t;
    this.n = i + 5;
    if (this.n === L.length) this.flush();
  }

  /** Applies the buffered events in order. */
  flush(): void {
    const L = this.buf;
    for (let i = 0; i < this.n; i += 5) {
      const a = L[i + 1] as number;
      const b = L[i + 2] as number;
      const c = L[i + 3] as number;
      const t = L[i + 4] as number;
      switch (L[i]) {
        case T_BEGIN:
          this.begin(a, b, c, t);
          break;
        case T_ARRIVE:
          this.arrive(a, t);
          break;
        case T_GROUP:
          this.group(a, t);
          break;
        case T_RESPOND:
          this.respond(a, t);
          break;
        case T_DELIVER:
          this.deliver(a, t, b, c);
          break;
        default:
          this.finish(a, b, c === 1);
      }
    }
    this.n = 0;
  }

  /** A traced visit j of `call` to `station` is sent at t. */
  private begin(j: number, call: number, station: number, t: number): void {
    let r = this.spare.pop();
    if (r === undefined)
      r = {
        call,
        station,
        t0: t,
        tA: t,
        tR: t,
        tD: t,
        gOpen: false,
        gStart: t,
        crit: null,
        groupSum: 0,
        acc: new Float64Array(this.nParts),
      };
    else {
      r.call = call;
      r.station = station;
      r.t0 = r.tA = r.tR = r.tD = r.gStart = t;
      r.gOpen = false;
      r.crit = null;
      r.groupSum = 0;
      r.acc.fill(0);
    }
    this.recs[j] = r;
  }

  private arrive(j: number, t: number): void {
    (this.recs[j] as Rec).tA = t;
  }

  /** Visit j starts a call group at t (closing the previous one). */
  private group(j: number, t: number): void {
    const r = this.recs[j] as Rec;
    this.close(r, t);
    r.gOpen = true;
    r.gStart = t;
    r.crit = null;
  }

  /** Visit j replies at t: its local time is its stay minus its call groups. */
  private respond(j: number, t: number): void {
    const r = this.recs[j] as Rec;
    this.close(r, t);
    r.tR = t;
    r.acc[r.station]! += t - r.tA - r.groupSum;
  }

  /** Visit j's reply reaches its caller at t: parent visit (traced, else -1) or request req (the root, else -1). */
  private deliver(j: number, t: number, parent: number, req: number): void {
    const r = this.recs[j] as Rec;
    this.recs[j] = undefined;
    r.tD = t;
    r.acc[this.ns + r.call]! += r.tA - r.t0 + (t - r.tR);
    if (req >= 0) {
      const old = this.roots[req];
      if (old !== undefined) this.spare.push(old);
      this.roots[req] = r;
      return;
    }
    const p = parent >= 0 ? this.recs[parent] : undefined;
    if (p !== undefined && p.gOpen) {
      if (p.crit !== null) this.spare.push(p.crit);
      p.crit = r;
    } else this.spare.push(r);
  }

  /** A traced request finished after latencyS; a successful measured one is recorded. */
  private finish(req: number, latencyS: number, record: boolean): void {
    const r = this.roots[req];
    if (r === undefined) return;
    this.roots[req] = undefined;
    this.spare.push(r);
    if (!record) return;
    r.acc[this.ns + this.nc + r.call]! += latencyS - (r.tD - r.t0);
    const b = bucketOf(latencyS);
    let s = this.sums.get(b);
    if (s === undefined) {
      s = new Float64Array(this.nParts);
      this.sums.set(b, s);
    }
    for (let i = 0; i < this.nParts; i++) s[i]! += r.acc[i] as number;
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
  }

  private close(r: Rec, t: number): void {
    if (!r.gOpen) return;
    r.gOpen = false;
    const d = t - r.gStart;
    r.groupSum += d;
    const c = r.crit;
    if (c === null) return;
    r.crit = null;
    for (let i = 0; i < this.nParts; i++) r.acc[i]! += c.acc[i] as number;
    r.acc[this.ns + this.nc + c.call]! += d - (c.tD - c.t0);
    this.spare.push(c);
  }

  toJSON(): TailTraceJson {
    this.flush();
    const m = this.model;
    const parts: TailPartLabel[] = m.stations.map((s) => ({ component: s.id, call: null, kind: 'local' }));
    for (const kind of ['network', 'retry'] as const)
      for (const c of m.calls) parts.push({ component: c.to, call: `${c.from} → ${c.to}`, kind });
    const buckets = [...this.counts.keys()].sort((a, b) => a - b);
    const sums: number[] = [];
    for (const b of buckets) for (const x of this.sums.get(b) as Float64Array) sums.push(x);
    return {
      every: this.every,
      sampled: this.sampled,
      parts,
      buckets,
      counts: buckets.map((b) => this.counts.get(b) as number),
      sums,
    };
  }
}

const labelKey = (p: TailPartLabel): string => `${p.kind}\u0000${p.component}\u0000${p.call ?? ''}`;

/** Adds traces of replications of one model (parts matched by label; same labels are summed). */
export function mergeTailTraces(traces: readonly TailTraceJson[]): TailTraceJson {
  const parts: TailPartLabel[] = [];
  const index = new Map<string, number>();
  for (const t of traces)
    for (const p of t.parts)
      if (!index.has(labelKey(p))) {
        index.set(labelKey(p), parts.length);
        parts.push(p);
      }
  const sums = new Map<number, Float64Array>();
  const counts = new Map<number, number>();
  for (const t of traces) {
    const map = t.parts.map((p) => index.get(labelKey(p)) as number);
    t.buckets.forEach((b, k) => {
      let s = sums.get(b);
      if (s === undefined) {
        s = new Float64Array(parts.length);
        sums.set(b, s);
      }
      for (let i = 0; i < map.length; i++) s[map[i] as number]! += t.sums[k * t.parts.length + i] as number;
      counts.set(b, (counts.get(b) ?? 0) + (t.counts[k] as number));
    });
  }
  const buckets = [...counts.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  for (const b of buckets) for (const x of sums.get(b) as Float64Array) out.push(x);
  return {
    every: traces[0]?.every ?? 0,
    sampled: traces.reduce((a, t) => a + t.sampled, 0),
    parts,
    buckets,
    counts: buckets.map((b) => counts.get(b) as number),
    sums: out,
  };
}

/**
 * Tail (traced requests in buckets at or above the p99's) against median (buckets from the p40's
 * to the p60's), by the percentiles of the run's latency histogram `h`, seconds; null when `h` is
 * empty or either group has no traced request.
 */
export function deriveTailAttribution(t: TailTraceJson, h: Histogram): MeasuredTailAttribution | null {
  if (h.count === 0) return null;
  const [p40S, p50S, p60S, p99S] = h.percentiles([0.4, 0.5, 0.6, 0.99]) as [number, number, number, number];
  const n = t.parts.length;
  const bTail = bucketOf(p99S);
  const bLo = bucketOf(p40S);
  const bHi = bucketOf(p60S);
  const byLabel = new Map<string, { label: TailPartLabel; tail: number; med: number }>();
  const rows = t.parts.map((p) => {
    const k = labelKey(p);
    let row = byLabel.get(k);
    if (row === undefined) {
      row = { label: p, tail: 0, med: 0 };
      byLabel.set(k, row);
    }
    return row;
  });
  let nTail = 0;
  let nMed = 0;
  let recorded = 0;
  t.buckets.forEach((b, k) => {
    const c = t.counts[k] as number;
    recorded += c;
    const tail = b >= bTail;
    const med = b >= bLo && b <= bHi;
    if (tail) nTail += c;
    if (med) nMed += c;
    if (!tail && !med) return;
    for (let i = 0; i < n; i++) {
      const x = t.sums[k * n + i] as number;
      if (tail) (rows[i] as { tail: number }).tail += x;
      if (med) (rows[i] as { med: number }).med += x;
    }
  });
  if (nTail === 0 || nMed === 0) return null;
  const parts: MeasuredTailPart[] = [];
  let tailMean = 0;
  let medMean = 0;
  for (const r of byLabel.values()) {
    const tm = r.tail / nTail;
    const mm = r.med / nMed;
    tailMean += tm;
    medMean += mm;
    if (tm !== 0 || mm !== 0)
      parts.push({
        ...r.label,
        tailMeanSeconds: tm,
        medianMeanSeconds: mm,
        excessSeconds: tm - mm,
        excessShare: 0,
      });
  }
  const excess = tailMean - medMean;
  for (const p of parts) p.excessShare = excess !== 0 ? p.excessSeconds / excess : 0;
  parts.sort((a, b) => b.excessSeconds - a.excessSeconds);
  return {
    p99Seconds: p99S,
    medianSeconds: p50S,
    tailRequests: nTail,
    medianRequests: nMed,
    sampledRequests: recorded,
    sampleEvery: t.every,
    tailMeanSeconds: tailMean,
    medianMeanSeconds: medMean,
    parts,
    tailHop: parts[0] ?? null,
  };
}
