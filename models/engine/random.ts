/**
 * Seeded random streams: xoshiro128** (Blackman & Vigna), one stream per (run seed, replication,
 * component id, purpose), its state derived by hashing those names, so adding a component never
 * perturbs another component's stream.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`, continued from `h`. */
function fnv1a(text: string, h: number): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32 finalizer (a bijection on 32-bit words with good avalanche). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** 2^-53: turns a 53-bit integer into a double in [0, 1). */
const TWO_POW_M53 = 1 / 9007199254740992;

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit output as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  /** Uniform double in (0, 1]: safe for logarithms. */
  nextOpen(): number {
    return 1 - this.next();
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32, by rejection (no modulo bias). */
  nextInt(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Internal state, for golden tests. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The stream of `purpose` for `componentId` in a run: a pure function of its four names, so the
 * streams of other components (and the order components are declared in) do not matter.
 */
export function streamFor(seed: number, replication: number, componentId: string, purpose: string): Rng {
  let h = fnv1a(componentId, 0x811c9dc5);
  h = fnv1a('\u0000', h);
  h = fnv1a(purpose, h);
  const base = mix32(h ^ mix32((seed >>> 0) ^ mix32(replication >>> 0)));
  const s0 = mix32(base);
  const s1 = mix32(s0 ^ 0x6a09e667);
  const s2 = mix32(s1 ^ 0xbb67ae85);
  const s3 = mix32(s2 ^ 0x3c6ef372);
  return new Rng(s0, s1, s2, s3);
}

/** Stable 32-bit hash of a string (consistent-hash ring positions, request keys). */
export function hash32(text: string, salt = 0): number {
  return mix32(fnv1a(text, (0x811c9dc5 ^ salt) >>> 0));
}

/** Mixes a 32-bit integer into a well-spread 32-bit hash. */
export function hashInt(x: number): number {
  return mix32(x >>> 0);
}
