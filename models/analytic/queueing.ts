/**
 * Queueing formulas of the analytic estimator: Erlang B/C, M/M/c/K, GI/M/1 for Erlang-k arrivals,
 * Allen–Cunneen with the Krämer–Langenbach-Belz correction, M/M/c response-time tails, gamma
 * (Wilson–Hilferty) tails, load-dependent exact MVA, Che's approximation for LRU caches.
 * Times are in whatever unit the caller uses consistently (the estimator uses ms); pure functions.
 */

/** Erlang B: blocking probability of an M/G/c/c loss system with offered load a erlangs (stable recursion). */
export function erlangB(c: number, a: number): number {
  if (a <= 0) return 0;
  if (c <= 0) return 1;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ erlangs. */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= c) return 1;
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Figures of one multi-server station; times in the caller's unit, rates per the same unit. */
export interface StationFigures {
  /** Probability an admitted arrival waits. */
  waitProbability: number;
  /** Mean wait in queue of an admitted arrival. */
  meanWait: number;
  /** Fraction of arrivals refused (finite room). */
  blocking: number;
  /** Busy fraction of the servers (admitted load / servers). */
  utilization: number;
  /** Mean number waiting. */
  meanQueueLength: number;
  /** Mean number present (waiting or in service). */
  meanInSystem: number;
}

/**
 * G/G/c station with unlimited room: Erlang C, scaled by (ca² + cs²)/2 (Allen–Cunneen) and, for
 * smooth arrivals at one server, the Krämer–Langenbach-Belz factor. Exact for M/M/c and M/D/1's mean.
 * GI/M/1 with Erlang-k arrivals (round robin of a Poisson stream over k instances) is solved exactly.
 */
export function ggcStation(
  servers: number,
  arrivalRate: number,
  meanService: number,
  arrivalScv: number,
  serviceScv: number,
): StationFigures {
  const a = arrivalRate * meanService;
  const empty: StationFigures = {
    waitProbability: 0,
    meanWait: 0,
    blocking: 0,
    utilization: 0,
    meanQueueLength: 0,
    meanInSystem: 0,
  };
  if (arrivalRate <= 0 || meanService <= 0) return empty;
  if (servers <= 0 || a >= servers)
    return {
      waitProbability: 1,
      meanWait: Infinity,
      blocking: 0,
      utilization: servers > 0 ? a / servers : Infinity,
      meanQueueLength: Infinity,
      meanInSystem: Infinity,
    };
  const rho = a / servers;
  let pw = erlangC(servers, a);
  let wq: number;
  const kErlang = arrivalScv > 0 ? 1 / arrivalScv : Infinity;
  if (
    servers === 1 &&
    Math.abs(serviceScv - 1) < 1e-12 &&
    Number.isInteger(Math.round(kErlang)) &&
    Math.abs(kErlang - Math.round(kErlang)) < 1e-9 &&
    kErlang >= 1 &&
    kErlang <= 1000
  ) {
    // Exact E_k/M/1: σ solves σ = (kλ / (kλ + μ(1 − σ)))^k; P(wait) = σ, Wq = σ / (μ(1 − σ)).
    const k = Math.round(kErlang);
    const mu = 1 / meanService;
    let sigma = rho;
    for (let i = 0; i < 200; i++) {
      const next = Math.pow((k * arrivalRate) / (k * arrivalRate + mu * (1 - sigma)), k);
      if (Math.abs(next - sigma) < 1e-15) {
        sigma = next;
        break;
      }
      sigma = next;
    }
    pw = sigma;
    wq = sigma / (mu * (1 - sigma));
  } else {
    wq = (pw / (servers / meanService - arrivalRate)) * ((arrivalScv + serviceScv) / 2);
    if (servers === 1 && arrivalScv < 1 && arrivalScv + serviceScv > 0) {
      const g = Math.exp((-2 * (1 - rho) * (1 - arrivalScv) ** 2) / (3 * rho * (arrivalScv + serviceScv)));
      wq *= g;
    }
  }
  const lq = arrivalRate * wq;
  return {
    waitProbability: pw,
    meanWait: wq,
    blocking: 0,
    utilization: rho,
    meanQueueLength: lq,
    meanInSystem: lq + a,
  };
}

/** M/M/c/K station (K = most present, K ≥ c): exact stationary figures. */
export function mmckStation(
  servers: number,
  room: number,
  arrivalRate: number,
  meanService: number,
): StationFigures {
  const c = Math.max(1, Math.floor(servers));
  const K = Math.max(c, Math.floor(room));
  const a = arrivalRate * meanService;
  if (arrivalRate <= 0 || meanService <= 0)
    return {
      waitProbability: 0,
      meanWait: 0,
      blocking: 0,
      utilization: 0,
      meanQueueLength: 0,
      meanInSystem: 0,
    };
  // Unnormalized p_n in log space for stability.
  const logp: number[] = [0];
  for (let n = 1; n <= K; n++) logp.push((logp[n - 1] as number) + Math.log(a) - Math.log(Math.min(n, c)));
  const maxLog = Math.max(...logp);
  const p = logp.map((l) => Math.exp(l - maxLog));
  const total = p.reduce((s, x) => s + x, 0);
  for (let n = 0; n <= K; n++) p[n] = (p[n] as number) / total;
  const blocking = p[K] as number;
  let l = 0;
  let lq = 0;
  let busy = 0;
  let pWaitNum = 0;
  for (let n = 0; n <= K; n++) {
    const pn = p[n] as number;
    l += n * pn;
    lq += Math.max(0, n - c) * pn;
    busy += Math.min(n, c) * pn;
    if (n >= c && n < K) pWaitNum += pn;
  }
  const admitted = arrivalRate * (1 - blocking);
  return {
    waitProbability: 1 - blocking > 0 ? pWaitNum / (1 - blocking) : 1,
    meanWait: admitted > 0 ? lq / admitted : 0,
    blocking,
    utilization: busy / c,
    meanQueueLength: lq,
    meanInSystem: l,
  };
}

/**
 * P(R > t) of the response time of an M/M/c FCFS station: wait (atom 1 − C at 0, else Exp(cμ − λ))
 * plus an Exp(μ) service. Rates per time unit of t.
 */
export function mmcResponseTail(servers: number, arrivalRate: number, mu: number, t: number): number {
  if (t <= 0) return 1;
  const a = arrivalRate / mu;
  if (a >= servers) return 1;
  const pw = erlangC(servers, a);
  const theta = servers * mu - arrivalRate;
  const es = Math.exp(-mu * t);
  let conv: number;
  if (Math.abs(theta - mu) < 1e-9 * mu) conv = (1 + mu * t) * es;
  else conv = (theta * es - mu * Math.exp(-theta * t)) / (theta - mu);
  return (1 - pw) * es + pw * conv;
}

/** Standard normal upper tail Q(z) (Abramowitz–Stegun 7.1.26 on erfc, |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * P(T > t) of a gamma variable with the given mean and variance (Wilson–Hilferty cube-root normal
 * approximation of the chi-square); a point mass when the variance is 0.
 */
export function gammaTail(mean: number, variance: number, t: number): number {
  if (!(mean > 0)) return t < 0 ? 1 : 0;
  if (!(variance > 0)) return t < mean ? 1 : 0;
  if (t <= 0) return 1;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  const nu = 2 * shape;
  const x = (2 * t) / scale;
  const h = 2 / (9 * nu);
  const z = (Math.cbrt(x / nu) - (1 - h)) / Math.sqrt(h);
  return normalTail(z);
}

/** Smallest t with tail(t) <= q, by bracketing and bisection (tail non-increasing). */
export function quantileFromTail(tail: (t: number) => number, q: number, scaleHint: number): number {
  let hi = Math.max(1e-9, scaleHint);
  let n = 0;
  while (tail(hi) > q && n++ < 200) hi *= 2;
  if (n >= 200) return Infinity;
  let lo = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > q) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One station of a closed network for exact MVA. */
export interface MvaStation {
  /** Service demand per request (visits × mean work), time units. */
  demand: number;
  /** Identical servers (load-dependent rate min(n, c)·μ). */
  servers: number;
}

/** Result of exact single-class MVA. */
export interface MvaResult {
  /** System throughput, requests per time unit. */
  throughput: number;
  /** Residence time per request at each station (all visits), time units. */
  residence: number[];
  /** Mean number present at each station. */
  queueLength: number[];
}

/**
 * Exact mean value analysis of a closed product-form network with multi-server stations
 * (load-dependent, Reiser–Lavenberg with marginal probabilities), N users and think time Z.
 * Cost O(N² · Σc); callers keep N small.
 */
export function mvaExact(stations: readonly MvaStation[], users: number, think: number): MvaResult {
  const K = stations.length;
  const N = Math.max(0, Math.floor(users));
  // Marginal probabilities p[k][j] of j requests at station k, for the current population.
  const p: number[][] = stations.map(() => [1]);
  let X = 0;
  let residence = new Array<number>(K).fill(0);
  let queue = new Array<number>(K).fill(0);
  for (let n = 1; n <= N; n++) {
    residence = stations.map((s, k) => {
      const pk = p[k] as number[];
      const c = Math.max(1, s.servers);
      let r = 0;
      for (let j = 1; j <= n; j++) r += (j / Math.min(j, c)) * (pk[j - 1] ?? 0);
      return s.demand * r;
    });
    const total = residence.reduce((a, b) => a + b, 0);
    X = n / (think + total);
    queue = residence.map((r) => X * r);
    for (let k = 0; k < K; k++) {
      const s = stations[k] as MvaStation;
      const c = Math.max(1, s.servers);
      const old = p[k] as number[];
      const next = new Array<number>(n + 1).fill(0);
      let sum = 0;
      for (let j = 1; j <= n; j++) {
        next[j] = ((s.demand * X) / Math.min(j, c)) * (old[j - 1] ?? 0);
        sum += next[j] as number;
      }
      next[0] = Math.max(0, 1 - sum);
      p[k] = next;
    }
  }
  return { throughput: X, residence, queueLength: queue };
}

/** A stream of keys at a cache: request rate (per time unit), distinct keys and Zipf exponent. */
export interface KeyClass {
  rate: number;
  keys: number;
  zipfS: number;
}

/** Keys summed exactly before the integral approximation of the Zipf tail. */
const CHE_HEAD = 128;
/** Quadrature points over the log-spaced tail of ranks. */
const CHE_TAIL_POINTS = 48;

/** Generalized harmonic number H(n, s) = Σ_{i ≤ n} i^{-s}: exact head plus the integral of the tail. */
export function harmonic(n: number, s: number): number {
  const head = Math.min(n, CHE_HEAD);
  let h = 0;
  for (let i = 1; i <= head; i++) h += Math.pow(i, -s);
  if (n <= head) return h;
  const a = head + 0.5;
  const b = n + 0.5;
  h += Math.abs(s - 1) < 1e-12 ? Math.log(b / a) : (Math.pow(b, 1 - s) - Math.pow(a, 1 - s)) / (1 - s);
  return h;
}

/** Key-rate nodes of a class: rate of a representative key (per time unit) and how many keys it stands for. */
interface KeyNodes {
  rate: Float64Array;
  count: Float64Array;
}

/** Popularity nodes (share of requests per key, keys represented) by key count and exponent; pure memo. */
const nodeMemo = new Map<string, KeyNodes>();
/** Most memoized node sets kept. */
const NODE_MEMO_MAX = 256;

/** Nodes of a Zipf class: the head ranks one by one, the tail on a log-spaced midpoint grid. */
function keyNodes(k: KeyClass): KeyNodes {
  const key = `${Math.floor(k.keys)}/${k.zipfS}`;
  let shares = nodeMemo.get(key);
  if (shares === undefined) {
    shares = keyShares({ rate: 1, keys: k.keys, zipfS: k.zipfS });
    if (nodeMemo.size >= NODE_MEMO_MAX) nodeMemo.clear();
    nodeMemo.set(key, shares);
  }
  const rate = new Float64Array(shares.rate.length);
  for (let i = 0; i < rate.length; i++) rate[i] = k.rate * (shares.rate[i] as number);
  return { rate, count: shares.count };
}

/** Nodes with `rate` = the request share of each represented key (for a class of rate 1). */
function keyShares(k: KeyClass): KeyNodes {
  const n = Math.max(1, Math.floor(k.keys));
  const head = Math.min(n, CHE_HEAD);
  const tail = n > head ? CHE_TAIL_POINTS : 0;
  const rate = new Float64Array(head + tail);
  const count = new Float64Array(head + tail);
  const norm = harmonic(n, k.zipfS);
  for (let i = 1; i <= head; i++) {
    rate[i - 1] = (k.rate * Math.pow(i, -k.zipfS)) / norm;
    count[i - 1] = 1;
  }
  if (tail > 0) {
    const a = Math.log(head + 0.5);
    const b = Math.log(n + 0.5);
    const step = (b - a) / tail;
    for (let j = 0; j < tail; j++) {
      const lo = Math.exp(a + j * step);
      const hi = Math.exp(a + (j + 1) * step);
      const mid = Math.exp(a + (j + 0.5) * step);
      rate[head + j] = (k.rate * Math.pow(mid, -k.zipfS)) / norm;
      count[head + j] = hi - lo;
    }
  }
  return { rate, count };
}

/** Keys held by an LRU cache of characteristic time t: Σ over classes of Σ count·(1 − e^{−x·t}) (same order as `sumNodes`). */
function lruOccupancy(nodes: readonly (KeyNodes | null)[], t: number): number {
  let s = 0;
  for (const nd of nodes) {
    if (!nd) continue;
    let c = 0;
    for (let i = 0; i < nd.rate.length; i++)
      c += (nd.count[i] as number) * -Math.expm1(-(nd.rate[i] as number) * t);
    s += c;
  }
  return s;
}

/** Hit rate of one class at an LRU cache of characteristic time t: Σ count·x·(1 − e^{−x·t}) (1 per key when t is Infinity). */
function lruHits(nd: KeyNodes, t: number): number {
  let s = 0;
  for (let i = 0; i < nd.rate.length; i++) {
    const x = nd.rate[i] as number;
    s += (nd.count[i] as number) * (x * (t === Infinity ? 1 : -Math.expm1(-x * t)));
  }
  return s;
}

/** Σ count·f(rate) over a class's nodes. */
function sumNodes(nodes: KeyNodes, f: (keyRate: number) => number): number {
  let s = 0;
  for (let i = 0; i < nodes.rate.length; i++) s += (nodes.count[i] as number) * f(nodes.rate[i] as number);
  return s;
}

/**
 * Hit ratio of each key class at a shared cache of `capacity` keys.
 * LRU: Che's approximation — characteristic time T solves Σ_i (1 − e^{−λ_i T}) = capacity, key hit 1 − e^{−λ_i T}.
 * TTL (entries expire ttl after insertion): key hit λ_i·ttl / (1 + λ_i·ttl), capped by the LRU hit for the capacity.
 * LFU (perfect): the `capacity` most requested keys always hit.
 * Writes (`writes.ratio` = write rate / read rate, spread over the keys like the reads): a key of read
 * rate x sees events at (1 + ratio)·x; with invalidation it is present only when its last event was a
 * read, fraction 1/(1 + ratio), so its occupancy and hit are (1 − e^{−(1+ratio)xT})/(1 + ratio); with
 * write-through every event stores it, 1 − e^{−(1+ratio)xT}.
 * Ranks beyond the first 128 are integrated on a log grid (relative error below 1e-3 against the full sum).
 */
export function cacheHitRatios(
  classes: readonly KeyClass[],
  capacity: number,
  policy: 'lru' | 'lfu' | 'ttl',
  ttl?: number,
  writes?: { ratio: number; through: boolean },
): number[] {
  const wr = writes !== undefined && writes.ratio > 0 ? writes.ratio : 0;
  if (wr > 0) {
    // events per key are (1 + wr)·reads: solve on the event stream, then keep the present-after-read share
    const keep = writes!.through ? 1 : 1 / (1 + wr);
    const events = classes.map((c) => ({ ...c, rate: c.rate * (1 + wr) }));
    const liveKeys = classes.reduce((s, c) => s + (c.rate > 0 ? Math.max(1, Math.floor(c.keys)) : 0), 0);
    // invalidated keys leave room: the occupancy per key shrinks by `keep`, so the cache fits capacity / keep of them
    const room = keep < 1 ? Math.min(liveKeys, capacity / keep) : capacity;
    return cacheHitRatios(events, room, policy, ttl).map((h) => h * keep);
  }
  const live = classes.map((c) => ({
    ...c,
    keys: Math.max(1, Math.floor(c.keys)),
    zipfS: Math.max(0, c.zipfS),
  }));
  const nodes = live.map((c) => (c.rate > 0 ? keyNodes(c) : null));
  const totalKeys = live.reduce((s, c) => s + (c.rate > 0 ? c.keys : 0), 0);
  if (capacity >= totalKeys && policy !== 'ttl') return live.map((c) => (c.rate > 0 ? 1 : 0));
  const over = (f: (x: number) => number) => nodes.reduce((s, nd) => s + (nd ? sumNodes(nd, f) : 0), 0);
  if (policy === 'lfu') {
    // Perfect LFU: a threshold key rate r* keeps the `capacity` most requested keys.
    let lo = 0;
    let hi = Math.max(...live.map((c) => c.rate), 1e-12);
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (over((x) => (x >= mid ? 1 : 0)) > capacity) lo = mid;
      else hi = mid;
    }
    return live.map((c, i) =>
      c.rate > 0 ? sumNodes(nodes[i] as KeyNodes, (x) => (x >= hi ? x : 0)) / c.rate : 0,
    );
  }
  let tChar = Infinity;
  if (capacity < totalKeys) {
    // Safeguarded Newton on g(T) = Σ count·(1 − e^{−xT}) − capacity (increasing, concave).
    let lo = 0;
    // Fewer distinct keys than requests: occupancy(capacity / total rate) < capacity, so start there.
    let hi =
      capacity /
      Math.max(
        1e-300,
        live.reduce((s, c) => s + Math.max(0, c.rate), 0),
      );
    let guard = 0;
    while (lruOccupancy(nodes, hi) < capacity && guard++ < 200) hi *= 2;
    let t = hi / 2;
    for (let it = 0; it < 60; it++) {
      let g = -capacity;
      let dg = 0;
      for (const nd of nodes) {
        if (!nd) continue;
        for (let i = 0; i < nd.rate.length; i++) {
          const x = nd.rate[i] as number;
          const e = Math.exp(-x * t);
          g += (nd.count[i] as number) * (1 - e);
          dg += (nd.count[i] as number) * x * e;
        }
      }
      if (g < 0) lo = t;
      else hi = t;
      if (Math.abs(g) < 1e-9 * capacity) break;
      let next = dg > 0 ? t - g / dg : (lo + hi) / 2;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - t) <= 1e-13 * t) break;
      t = next;
    }
    tChar = t;
  }
  return live.map((c, i) => {
    if (!(c.rate > 0)) return 0;
    if (policy !== 'ttl' || ttl === undefined) return lruHits(nodes[i] as KeyNodes, tChar) / c.rate;
    const lru = (x: number) => (tChar === Infinity ? 1 : -Math.expm1(-x * tChar));
    const hit = (x: number) => Math.min(lru(x), (x * ttl) / (1 + x * ttl));
    return sumNodes(nodes[i] as KeyNodes, (x) => x * hit(x)) / c.rate;
  });
}
