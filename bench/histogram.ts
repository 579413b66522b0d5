/**
 * `node dist/bench/histogram.js`: records per second of models/engine/histogram.ts against
 * hdr-histogram-js (3 significant digits, values in ns) on the same exponential latencies,
 * and the worst relative error of each at p50/p99/p99.9.
 */
import * as hdr from 'hdr-histogram-js';
import { Histogram } from '../models/engine/histogram.js';
import { streamFor } from '../models/engine/random.js';

const N = 5_000_000;
const values = new Float64Array(N);
const rng = streamFor(1, 0, 'bench', 'histogram');
for (let i = 0; i < N; i++) values[i] = -0.02 * Math.log(rng.nextOpen());
const sorted = Float64Array.from(values).sort();
const exact = (q: number) => sorted[Math.max(0, Math.ceil(q * N) - 1)] as number;
const qs = [0.5, 0.99, 0.999];

function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const own = new Histogram();
const tOwn = time(() => {
  for (let i = 0; i < N; i++) own.record(values[i] as number);
});
const h = hdr.build({
  numberOfSignificantValueDigits: 3,
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3.6e12,
  autoResize: true,
});
const tHdr = time(() => {
  for (let i = 0; i < N; i++) h.recordValue(Math.round((values[i] as number) * 1e9));
});
const errOwn = Math.max(...qs.map((q) => Math.abs(own.percentile(q) / exact(q) - 1)));
const errHdr = Math.max(...qs.map((q) => Math.abs(h.getValueAtPercentile(q * 100) / 1e9 / exact(q) - 1)));
process.stdout.write(
  `own histogram:   ${(N / tOwn / 1e6).toFixed(1)}M records/s, worst percentile error ${(errOwn * 100).toFixed(3)}%\n` +
    `hdr-histogram-js: ${(N / tHdr / 1e6).toFixed(1)}M records/s, worst percentile error ${(errHdr * 100).toFixed(3)}%\n`,
);
