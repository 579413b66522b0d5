/** The load factor of a scenario over time, computed with the engine's own profile code (pure). */
import { makeProfile, rateAt } from '../../../models/engine/profile.js';
import { profileSegments } from '../../../models/source.js';
import type { Scenario } from '../../../shared/topology/index.js';

/** Points (t in s, factor) of the scenario's rate factor, load factor included; null when the profile is invalid. */
export function profileCurve(scenario: Scenario, points = 200): { t: number; factor: number }[] | null {
  const end = scenario.durationS;
  if (!(end > 0) || !Number.isFinite(end)) return null;
  const load = scenario.loadFactor ?? 1;
  try {
    const prof = profileSegments(scenario.profile, end);
    const d = prof.diurnal;
    const profile = d
      ? makeProfile(
          [{ startS: 0, fromRps: d.mid, toRps: d.mid }],
          d.mid > 0 ? d.amp / d.mid : 0,
          d.periodS,
          Math.PI / 2 - (2 * Math.PI * d.peakS) / d.periodS,
        )
      : makeProfile(prof.segments);
    const out: { t: number; factor: number }[] = [];
    for (let i = 0; i <= points; i++) {
      const t = (end * i) / points;
      out.push({ t, factor: rateAt(profile, t) * load });
    }
    return out;
  } catch {
    return null;
  }
}

/** Failures of a scenario as timeline spans (start, end in s) with a short label. */
export function failureSpans(scenario: Scenario): { startS: number; endS: number; label: string }[] {
  return (scenario.failures ?? []).map((f) => {
    const endS =
      'durationS' in f && f.durationS !== undefined
        ? f.atS + f.durationS
        : f.type === 'flushCache' || f.type === 'failover'
          ? f.atS
          : scenario.durationS;
    const target = 'target' in f ? f.target : 'zone' in f ? f.zone : `${f.from}→${f.to}`;
    return { startS: f.atS, endS, label: `${f.type} ${target}` };
  });
}
