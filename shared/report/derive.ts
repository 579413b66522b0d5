/**
 * Figures derived from a run for the headline and the recommendations. Every number here is
 * computed from the result (operational laws), never invented: utilization scales linearly with
 * load (U = X·S), so a station at utilization U under total load λ saturates near λ / U.
 */
import type { ComponentStats, SimulationResult } from '../results/index.js';
import { tailHopSentence } from '../results/tail.js';
import type { Component, Topology } from '../topology/index.js';
import { fmtLatency, fmtNumber, fmtPercent, fmtRps, fmtUsd } from './format.js';
import type { ReportModel } from './model.js';

/** Utilization above which queueing delay grows steeply (the knee of 1/(1−ρ)). */
export const HIGH_UTILIZATION = 0.8;
/** Utilization a pool is sized to when the report suggests instance counts. */
export const TARGET_UTILIZATION = 0.7;
/** Below this bottleneck utilization the design is called over-provisioned. */
export const LOW_UTILIZATION = 0.3;

/** Components with a measured utilization, highest first. */
export function byUtilization(
  components: readonly ComponentStats[],
): (ComponentStats & { utilization: number })[] {
  return components
    .filter((c): c is ComponentStats & { utilization: number } => c.utilization !== null && c.utilization > 0)
    .sort((a, b) => b.utilization - a.utilization || a.id.localeCompare(b.id));
}

/** The bottleneck: the component with the highest utilization (null when none has one). */
export function bottleneckOf(
  components: readonly ComponentStats[],
): (ComponentStats & { utilization: number }) | null {
  return byUtilization(components)[0] ?? null;
}

/**
 * Load the utilizations were measured under: offered requests per second less those refused
 * (429/503), which did no work; timed-out requests count, their work was done. Equals the offered
 * load when nothing was refused.
 */
export function admittedLoad(result: SimulationResult): number {
  const s = result.summary;
  const refused = s.errors.rateLimited + s.errors.rejected;
  const arrived = result.measured.arrived;
  return arrived > 0 ? s.offeredRps * Math.max(0, 1 - refused / arrived) : s.offeredRps;
}

/** "at 436 req/s admitted (504 req/s offered)", or "at 504 req/s" when nothing was refused. */
export function loadPhrase(result: SimulationResult): string {
  const admitted = admittedLoad(result);
  const offered = result.summary.offeredRps;
  return admitted < offered
    ? `at ${fmtRps(admitted)} admitted (${fmtRps(offered)} offered)`
    : `at ${fmtRps(offered)}`;
}

/** Total load at which a station reaches utilization 1 (bottleneck law), req/s; null without load. */
export function saturationLoad(offeredRps: number, utilization: number): number | null {
  return offeredRps > 0 && utilization > 0 ? offeredRps / utilization : null;
}

/** Display name of a component (its name, else its id). */
export function nameOf(topology: Topology, id: string): string {
  return topology.components[id]?.name ?? id;
}

/** The autoscaler attached to a pool, if any. */
function autoscalerOf(topology: Topology, id: string): Extract<Component, { kind: 'autoscaler' }> | null {
  for (const c of Object.values(topology.components))
    if (c.kind === 'autoscaler' && c.target === id) return c;
  return null;
}

/** Busiest endpoints whose tail hop becomes a recommendation. */
const TAIL_RECOMMENDATIONS = 2;

/** One recommendation: text, and how strongly it matters. */
export interface Recommendation {
  level: 'critical' | 'warning' | 'info';
  text: string;
}

const scalable = (topology: Topology, id: string): boolean => {
  const kind = topology.components[id]?.kind;
  return kind === 'service';
};

/** Recommendations computed from the run, highest priority first. */
export function recommendations(model: ReportModel): Recommendation[] {
  const { result, topology } = model;
  const out: Recommendation[] = [];
  const load = admittedLoad(result);
  const at = loadPhrase(result);
  const ranked = byUtilization(result.components);

  for (const check of model.slo) {
    if (check.holds === false)
      out.push({
        level: 'critical',
        text: `The SLO ${check.label} is broken: measured ${check.measure.type === 'errorRate' ? fmtPercent(check.actual) : fmtLatency(check.actual)} at ${fmtRps(result.summary.offeredRps)} offered.`,
      });
  }

  for (const r of model.scenarios)
    if (r.sloHolds === false && r.id !== model.scenario?.id)
      out.push({
        level: 'critical',
        text: `Under the scenario “${r.name}” the SLO breaks (${r.broken.join('; ')}): p99 ${fmtLatency(r.p99S)}, errors ${fmtPercent(r.errorRate)}.`,
      });

  const limits = ranked.map((c) => ({ c, sat: saturationLoad(load, c.utilization) }));
  const systemLimit = (
    exceptId: string | null,
    exceptSat: number | null,
  ): { id: string; sat: number } | null => {
    let best: { id: string; sat: number } | null = null;
    for (const { c, sat } of limits) {
      const s = c.id === exceptId ? exceptSat : sat;
      if (s !== null && (best === null || s < best.sat)) best = { id: c.id, sat: s };
    }
    return best;
  };

  for (const { c, sat } of limits.slice(0, 3)) {
    if (sat === null) continue;
    const name = nameOf(topology, c.id);
    const busy = c.utilization >= HIGH_UTILIZATION;
    if (!busy && c !== ranked[0]) continue;
    let text = `${name} runs at ${fmtPercent(c.utilization, 1)} utilization ${at}; it saturates near ${fmtRps(sat)} (bottleneck law: load ÷ utilization).`;
    const scaler = autoscalerOf(topology, c.id);
    // Utilization is measured over the serving fleet: its time average for a changing pool.
    const fleet = c.scaling?.instances?.mean ?? c.instances;
    if (scaler && fleet > 0) {
      const n = fleet;
      const atMax = (sat * scaler.maxInstances) / n;
      const needed = Math.ceil((n * c.utilization) / TARGET_UTILIZATION);
      text += ` It is autoscaled by ${scaler.name} (${scaler.minInstances}–${scaler.maxInstances} instances); at its maximum it would saturate near ~${fmtRps(atMax)}`;
      text += busy
        ? `, and running at ≤ ${fmtPercent(TARGET_UTILIZATION, 0)} at this load takes ${needed} instances${needed > scaler.maxInstances ? ` — more than maxInstances (${scaler.maxInstances})` : ''}.`
        : '.';
    } else if (scalable(topology, c.id) && c.instances >= 1) {
      const n = c.instances;
      const raised = (sat * (n + 1)) / n;
      const next = systemLimit(c.id, raised);
      const pool = model.cost?.breakdown.find((b) => b.id === c.id);
      const price = pool ? `, about ${fmtUsd(pool.monthlyUsd / n)}/month more` : '';
      text += ` One more instance (${n} → ${n + 1}${price}) raises that to ~${fmtRps(raised)}`;
      if (next && next.id !== c.id)
        text += `; the system limit then becomes ~${fmtRps(next.sat)}, set by ${nameOf(topology, next.id)}`;
      text += '.';
      if (busy) {
        const needed = Math.ceil((n * c.utilization) / TARGET_UTILIZATION);
        text += ` To run at ≤ ${fmtPercent(TARGET_UTILIZATION, 0)} at this load it needs ${needed} instances.`;
      }
    }
    out.push({ level: busy ? 'warning' : 'info', text });
  }

  for (const alt of model.alternatives ?? []) {
    const gain = alt.maxRpsAfter / alt.maxRpsBefore - 1;
    const what =
      alt.kind === 'readReplica'
        ? `One more read replica for ${nameOf(topology, alt.component)} (${alt.change})`
        : alt.kind === 'largerInstance'
          ? `A larger instance type for ${nameOf(topology, alt.component)} (${alt.change})`
          : `A larger ${nameOf(topology, alt.component)} cache in front of it (${alt.change})`;
    const cost =
      alt.monthlyUsdDelta > 0
        ? `for about ${fmtUsd(alt.monthlyUsdDelta)}/month more`
        : alt.monthlyUsdDelta < 0
          ? `while saving about ${fmtUsd(-alt.monthlyUsdDelta)}/month`
          : 'at no change in the estimated cost';
    const then =
      alt.bottleneckAfter && alt.bottleneckAfter !== alt.bottleneck
        ? `, then limited by ${nameOf(topology, alt.bottleneckAfter)}`
        : '';
    const busy =
      (result.components.find((c) => c.id === alt.bottleneck)?.utilization ?? 0) >= HIGH_UTILIZATION;
    out.push({
      level: busy ? 'warning' : 'info',
      text: `${nameOf(topology, alt.bottleneck)} limits the estimated capacity at ~${fmtRps(alt.maxRpsBefore)}. ${what} raises it to ~${fmtRps(alt.maxRpsAfter)} (+${fmtPercent(gain, 0)}${then}) ${cost} (analytic estimate; confirm by simulating the change).`,
    });
  }

  const latencyBroken = model.slo.some((c) => c.holds === false && c.measure.type === 'latency');
  const measured = result.tailAttribution ?? null;
  if (measured !== null && measured.tailHop !== null && measured.tailHop.excessSeconds > 0)
    out.push({
      level: latencyBroken ? 'warning' : 'info',
      text: `Measured from the simulation run: ${tailHopSentence(measured)}`,
    });
  for (const t of (model.analytic?.tail ?? []).slice(0, TAIL_RECOMMENDATIONS)) {
    const hop = t.parts.find((p) => p.id === t.tailHop);
    if (!hop) continue;
    const where = hop.id === 'network' ? 'the network hops' : hop.label;
    const wait =
      hop.id === 'network'
        ? 'Fewer or shorter hops on this path (same zone, fewer round trips)'
        : `Shortening the wait at ${hop.label} (more capacity there, or less variable work)`;
    out.push({
      level: latencyBroken ? 'warning' : 'info',
      text: `The estimator puts the tail of “${t.name}” in ${where}: a request at the p99 (~${fmtLatency(t.p99S)}) spends ~${fmtLatency(hop.p99S)} there (${fmtPercent(hop.share, 0)} of it), against ~${fmtLatency(hop.medianS)} in a median request. ${wait} cuts the p99 most (analytic attribution, see “Where the tail comes from”).`,
    });
  }

  for (const c of result.components) {
    const refused = c.rejected + c.rateLimited;
    if (refused > 0 && c.arrivals > 0)
      out.push({
        level: 'warning',
        text: `${nameOf(topology, c.id)} refused ${fmtNumber(refused)} of ${fmtNumber(c.arrivals)} visits (${fmtPercent(refused / c.arrivals)})${c.rejected > 0 ? `: ${fmtNumber(c.rejected)} with 503 (queue full)` : ''}${c.rateLimited > 0 ? `${c.rejected > 0 ? ',' : ':'} ${fmtNumber(c.rateLimited)} with 429 (rate limit or quota)` : ''}.`,
      });
  }
  const e = result.summary.errors;
  if (e.circuitOpen > 0)
    out.push({
      level: 'warning',
      text: `${fmtNumber(e.circuitOpen)} requests failed fast on an open circuit breaker: a dependency was failing or slow enough to trip it.`,
    });
  if (e.timeout > 0)
    out.push({
      level: 'warning',
      text: `${fmtNumber(e.timeout)} requests timed out; the abandoned work still ran downstream (retries multiply it).`,
    });

  const profile = result.scenario ? topology.scenarios?.[result.scenario]?.profile : undefined;
  if (profile && profile.type !== 'constant' && ranked.length > 0)
    out.push({
      level: 'info',
      text: `The load varies over the run (${profile.type} profile): utilizations and saturation loads are averages over the measured period, and the peak runs hotter — see the charts over time.`,
    });
  const top = ranked[0];
  if (top && top.utilization < LOW_UTILIZATION && out.every((r) => r.level === 'info')) {
    const sat = saturationLoad(load, top.utilization);
    out.push({
      level: 'info',
      text: `Every component is below ${fmtPercent(LOW_UTILIZATION, 0)} utilization: the design could take about ${fmtNumber(1 / top.utilization, 1)}× this load (~${fmtRps(sat)}) before ${nameOf(topology, top.id)} saturates, so it may be over-provisioned.`,
    });
  }
  if (model.plan?.maxLoadRps != null && model.plan.headroom !== null && model.plan.headroom < 0.3)
    out.push({
      level: model.plan.headroom < 0 ? 'critical' : 'warning',
      text:
        model.plan.headroom < 0
          ? `The SLO already breaks at the design's load: the max load within it is ${fmtRps(model.plan.maxLoadRps)}, against ${fmtRps(model.plan.currentLoadRps)} (headroom ${fmtPercent(model.plan.headroom, 0)}).`
          : `Headroom to the SLO is only ${fmtPercent(model.plan.headroom, 0)}: max load ${fmtRps(model.plan.maxLoadRps)} against ${fmtRps(model.plan.currentLoadRps)}.`,
    });
  if (ranked.length === 0 && out.length === 0)
    out.push({
      level: 'info',
      text: 'No component has a measured utilization (only pure delays): capacity is not limited by the simulated stations.',
    });
  const order = { critical: 0, warning: 1, info: 2 };
  return out.sort((a, b) => order[a.level] - order[b.level]);
}
