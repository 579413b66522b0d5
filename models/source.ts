/**
 * Traffic source: an open workload (rate × the scenario's profile and load factor; Poisson,
 * on-off or MMPP arrivals) or a closed one (N users with a think time), and the request mix.
 */
import type { ComponentOf, Profile, Scenario } from '../shared/topology/index.js';
import { addCall, CompileError, samplerOf, type CompileContext } from './engine/compile-context.js';
import { AliasTable, Zipf } from './engine/distributions.js';
import type { CompiledEndpoint, CompiledSource, Modulation, RateSegment } from './engine/model.js';
import { makeProfile } from './engine/profile.js';

/** Factor segments of a scenario profile (times relative to the scenario start). */
export function profileSegments(
  p: Profile | undefined,
  endS: number,
): { segments: RateSegment[]; diurnal: { mid: number; amp: number; periodS: number; peakS: number } | null } {
  const seg = (startS: number, from: number, to: number): RateSegment => ({
    startS,
    fromRps: from,
    toRps: to,
  });
  if (p === undefined || p.type === 'constant') return { segments: [seg(0, 1, 1)], diurnal: null };
  switch (p.type) {
    case 'ramp': {
      const a = p.startS ?? 0;
      const b = Math.max(a, p.endS ?? endS);
      return {
        segments: [
          seg(0, p.fromFactor, p.fromFactor),
          seg(a, p.fromFactor, p.toFactor),
          seg(b, p.toFactor, p.toFactor),
        ],
        diurnal: null,
      };
    }
    case 'step': {
      const steps = [...p.steps].sort((x, y) => x.atS - y.atS);
      return { segments: [seg(0, 1, 1), ...steps.map((s) => seg(s.atS, s.factor, s.factor))], diurnal: null };
    }
    case 'spike': {
      const r = p.rampS ?? 0;
      const f = p.factor;
      return {
        segments: [
          seg(0, 1, 1),
          seg(p.atS, 1, f),
          seg(p.atS + r, f, f),
          seg(p.atS + r + p.durationS, f, 1),
          seg(p.atS + 2 * r + p.durationS, 1, 1),
        ],
        diurnal: null,
      };
    }
    case 'diurnal': {
      const periodS = p.periodS ?? 86400;
      return {
        segments: [seg(0, 1, 1)],
        diurnal: {
          mid: (p.minFactor + p.maxFactor) / 2,
          amp: (p.maxFactor - p.minFactor) / 2,
          periodS,
          peakS: p.peakAtS ?? periodS / 2,
        },
      };
    }
    case 'piecewise': {
      const pts = [...p.points].sort((x, y) => x.atS - y.atS);
      const out: RateSegment[] = [];
      const first = pts[0]!;
      if (first.atS > 0) out.push(seg(0, first.factor, first.factor));
      pts.forEach((pt, i) => {
        const next = pts[i + 1];
        out.push(seg(pt.atS, pt.factor, next ? next.factor : pt.factor));
      });
      return { segments: out, diurnal: null };
    }
  }
}

export function compileSource(
  id: string,
  c: ComponentOf<'source'>,
  ctx: CompileContext,
  sourceIndex: number,
  scenario: Scenario | null,
  endpoints: CompiledEndpoint[],
): CompiledSource {
  const path = `components.${id}`;
  const loadFactor = scenario?.loadFactor ?? 1;
  const epIdx: number[] = [];
  c.endpoints.forEach((e, i) => {
    const p = `${path}.endpoints[${i}]`;
    const call = addCall(ctx, e, p);
    const keys = e.keys ?? 1_000_000;
    if (!(Number.isInteger(keys) && keys >= 1))
      throw new CompileError(`${p}.keys`, 'must be an integer >= 1');
    const zipfS = e.zipfS ?? 0;
    epIdx.push(endpoints.length);
    endpoints.push({
      id: e.id,
      name: e.name,
      source: sourceIndex,
      call,
      keys,
      zipf: zipfS > 0 ? new Zipf(keys, zipfS) : null,
      share: 0,
    });
  });
  const weights = c.endpoints.map((e) => e.weight);
  if (!weights.some((w) => w > 0))
    throw new CompileError(`${path}.endpoints`, 'at least one endpoint needs a weight > 0');
  const mix = new AliasTable(weights);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  epIdx.forEach((k, i) => ((endpoints[k] as CompiledEndpoint).share = (weights[i] as number) / totalWeight));
  const w = c.workload;
  if (w.type === 'closed') {
    const users = Math.round(w.users * loadFactor);
    return {
      id,
      endpoints: epIdx,
      mix,
      open: null,
      closed: { users, think: samplerOf(w.thinkTimeMs, `${path}.workload.thinkTimeMs`) },
    };
  }
  if (!(w.rateRps >= 0)) throw new CompileError(`${path}.workload.rateRps`, 'must be >= 0');
  const rate = w.rateRps * loadFactor;
  const prof = profileSegments(scenario?.profile, scenario?.durationS ?? Infinity);
  const segments = prof.segments.map((s) => ({
    startS: s.startS,
    fromRps: s.fromRps * rate,
    toRps: s.toRps * rate,
  }));
  let profile;
  if (prof.diurnal) {
    const d = prof.diurnal;
    const base = d.mid * rate;
    profile = makeProfile(
      [{ startS: 0, fromRps: base, toRps: base }],
      d.mid > 0 ? d.amp / d.mid : 0,
      d.periodS,
      Math.PI / 2 - (2 * Math.PI * d.peakS) / d.periodS,
    );
  } else {
    profile = makeProfile(segments);
  }
  let modulation: Modulation | null = null;
  const a = w.arrivals;
  if (a !== undefined && a.type === 'onOff') {
    const on = samplerOf(a.onMs, `${path}.workload.arrivals.onMs`);
    const off = samplerOf(a.offMs, `${path}.workload.arrivals.offMs`);
    if (!(on.mean > 0)) throw new CompileError(`${path}.workload.arrivals.onMs`, 'mean must be > 0');
    modulation = {
      multipliers: Float64Array.from([(on.mean + off.mean) / on.mean, 0]),
      hold: [on, off],
      cyclic: true,
    };
  } else if (a !== undefined && a.type === 'mmpp') {
    const d = a.states.map((s) => s.meanDurationMs);
    const f = a.states.map((s) => s.rateFactor);
    const avg = f.reduce((acc, x, i) => acc + x * (d[i] as number), 0) / d.reduce((x, y) => x + y, 0);
    if (!(avg > 0))
      throw new CompileError(`${path}.workload.arrivals.states`, 'at least one state needs a rateFactor > 0');
    modulation = {
      multipliers: Float64Array.from(f.map((x) => x / avg)),
      hold: a.states.map((s, i) =>
        samplerOf(
          { type: 'exponential', meanMs: s.meanDurationMs },
          `${path}.workload.arrivals.states[${i}]`,
        ),
      ),
      cyclic: false,
    };
  }
  return { id, endpoints: epIdx, mix, open: { profile, modulation }, closed: null };
}
