/**
 * Circuit breaker on one caller → callee edge (shared by every instance of the caller): closed
 * while the failure fraction over a sliding window (10 buckets of windowS/10) stays below the
 * threshold or fewer than minRequests were made; open (calls fail at once, cause circuitOpen) for
 * openS; then half-open: `probes` trial calls; all succeed → closed, any fails → open again.
 */
const BUCKETS = 10;
export const BREAKER_CLOSED = 0;
export const BREAKER_OPEN = 1;
export const BREAKER_HALF_OPEN = 2;

export interface BreakerSpec {
  errorThreshold: number;
  minRequests: number;
  windowS: number;
  openS: number;
  probes: number;
}

export class Breaker {
  state = BREAKER_CLOSED;
  private openUntil = 0;
  private probesLeft = 0;
  private probeOk = 0;
  private readonly req = new Float64Array(BUCKETS);
  private readonly fail = new Float64Array(BUCKETS);
  private bucket = 0;
  private bucketEpoch = 0;
  private readonly bucketS: number;
  /** Open time accumulated (seconds; each stretch lasts openS, half-open excluded) and when the current one began. */
  openSeconds = 0;
  private openedAt = 0;
  /** Calls refused while open. */
  refused = 0;

  constructor(readonly spec: BreakerSpec) {
    if (!(spec.errorThreshold > 0 && spec.errorThreshold <= 1))
      throw new Error('circuit breaker errorThreshold must be in (0, 1]');
    if (!(spec.windowS > 0 && spec.openS > 0)) throw new Error('circuit breaker times must be > 0');
    if (!(Number.isInteger(spec.probes) && spec.probes >= 1))
      throw new Error('circuit breaker halfOpenProbes must be an integer >= 1');
    this.bucketS = spec.windowS / BUCKETS;
  }

  private roll(now: number): void {
    const e = Math.floor(now / this.bucketS);
    if (e === this.bucketEpoch) return;
    const steps = Math.min(BUCKETS, e - this.bucketEpoch);
    for (let i = 0; i < steps; i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.req[this.bucket] = 0;
      this.fail[this.bucket] = 0;
    }
    this.bucketEpoch = e;
  }

  /** May a call go out now? */
  allow(now: number): boolean {
    if (this.state === BREAKER_CLOSED) return true;
    if (this.state === BREAKER_OPEN) {
      if (now < this.openUntil) {
        this.refused++;
        return false;
      }
      // the stretch ended at openUntil, not at this first call after it
      this.openSeconds += this.openUntil - this.openedAt;
      this.state = BREAKER_HALF_OPEN;
      this.probesLeft = this.spec.probes;
      this.probeOk = 0;
    }
    if (this.probesLeft > 0) {
      this.probesLeft--;
      return true;
    }
    this.refused++;
    return false;
  }

  /** The result of a call that went out. */
  record(now: number, failed: boolean): void {
    if (this.state === BREAKER_OPEN) return;
    if (this.state === BREAKER_HALF_OPEN) {
      if (failed) this.trip(now);
      else if (++this.probeOk >= this.spec.probes) {
        this.state = BREAKER_CLOSED;
        this.req.fill(0);
        this.fail.fill(0);
      }
      return;
    }
    this.roll(now);
    this.req[this.bucket]!++;
    if (failed) {
      this.fail[this.bucket]!++;
      let r = 0;
      let f = 0;
      for (let i = 0; i < BUCKETS; i++) {
        r += this.req[i] as number;
        f += this.fail[i] as number;
      }
      if (r >= this.spec.minRequests && f >= this.spec.errorThreshold * r) this.trip(now);
    }
  }

  private trip(now: number): void {
    this.state = BREAKER_OPEN;
    this.openUntil = now + this.spec.openS;
    this.openedAt = now;
  }

  /** Open seconds up to now (including a stretch still open). */
  openSecondsAt(now: number): number {
    return (
      this.openSeconds + (this.state === BREAKER_OPEN ? Math.min(now, this.openUntil) - this.openedAt : 0)
    );
  }
}

/**
 * Retry budget (as in Finagle's RetryBudget): each first try deposits `percent`/100 of a token,
 * each retry withdraws one; a retry without a whole token is not made. The balance starts at and
 * is capped by `reserve` tokens (10), so a quiet caller may still retry a little.
 */
export class RetryBudget {
  private tokens: number;
  denied = 0;
  constructor(
    private readonly percent: number,
    private readonly reserve = 10,
  ) {
    if (!(percent >= 0 && percent <= 100)) throw new Error('retry budgetPercent must be in [0, 100]');
    this.tokens = reserve;
  }
  deposit(): void {
    this.tokens = Math.min(this.reserve + 0, this.tokens + this.percent / 100);
  }
  withdraw(): boolean {
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.denied++;
    return false;
  }
}
