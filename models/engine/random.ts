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
  /**
   * xoshiro128** state words (int32). A typed array, not four fields: a field holding int32 words
   * is generalised by V8 to a tagged field, and every store of a word outside the 31-bit Smi range
   * then allocates a heap number (40 of the 152 bytes the jackson3 bench allocated per request).
   */
  private readonly s: Int32Array;
  /** The last uniform draw() made. */
  private readonly u = new Float64Array(1);

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s = Int32Array.of(s0, s1, s2, s3);
    if ((s0 | s1 | s2 | s3) === 0) this.s[0] = 1;
  }

  /** Next 32-bit output as an unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = (s[2] as number) ^ s0;
    const s3 = (s[3] as number) ^ s1;
    const x = Math.imul(s1, 5);
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    this.draw();
    return this.u[0] as number;
  }

  /**
   * Two steps, leaving in u[0] the double made of the high 27 bits of the first output and the high
   * 26 of the second. It returns nothing so that next() stays small enough for V8 to inline it
   * anywhere: a double returned by a call that is not inlined is boxed, an allocation per sample.
   */
  private draw(): void {
    const s = this.s;
    let s0 = s[0] as number;
    let s1 = s[1] as number;
    let s2 = s[2] as number;
    let s3 = s[3] as number;
    let x = Math.imul(s1, 5);
    const hi = Math.imul((x << 7) | (x >>> 25), 9) >>> 5;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    x = Math.imul(s1, 5);
    const lo = Math.imul((x << 7) | (x >>> 25), 9) >>> 6;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = (s3 << 11) | (s3 >>> 21);
    this.u[0] = (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /** Uniform double in (0, 1]: safe for logarithms. */
  nextOpen(): number {
    this.draw();
    return 1 - (this.u[0] as number);
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
    const s = this.s;
    return [(s[0] as number) >>> 0, (s[1] as number) >>> 0, (s[2] as number) >>> 0, (s[3] as number) >>> 0];
  }
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
