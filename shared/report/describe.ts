/** Scenarios, load profiles and failures in words, for reports. */
import type { FailureEvent, Profile, Topology } from '../topology/index.js';
import { fmtDuration, fmtNumber, fmtPercent } from './format.js';

/** A load profile in words. */
export function profileText(p: Profile | undefined): string {
  if (!p || p.type === 'constant') return 'constant rate';
  switch (p.type) {
    case 'ramp':
      return `ramp from ${fmtNumber(p.fromFactor, 2)}× to ${fmtNumber(p.toFactor, 2)}× (${p.startS ?? 0} s → ${p.endS === undefined ? 'end' : `${p.endS} s`})`;
    case 'step':
      return `steps: ${p.steps.map((s) => `${fmtNumber(s.factor, 2)}× at ${s.atS} s`).join(', ')}`;
    case 'spike':
      return `spike to ${fmtNumber(p.factor, 2)}× at ${p.atS} s for ${p.durationS} s${p.rampS ? ` (ramps of ${p.rampS} s)` : ''}`;
    case 'diurnal':
      return `diurnal between ${fmtNumber(p.minFactor, 2)}× and ${fmtNumber(p.maxFactor, 2)}×, period ${fmtDuration(p.periodS ?? 86400)}`;
    case 'piecewise':
      return `piecewise over ${p.points.length} points`;
  }
}

/** A scripted failure in words. */
export function failureText(f: FailureEvent): string {
  const during = 'durationS' in f && f.durationS !== undefined ? ` for ${f.durationS} s` : '';
  switch (f.type) {
    case 'killInstances':
      return `at ${f.atS} s: kill ${f.count} instance(s) of ${f.target}${during}`;
    case 'killZone':
      return `at ${f.atS} s: lose zone ${f.zone}${during}`;
    case 'slowdown':
      return `at ${f.atS} s: ${f.target} slows down ${fmtNumber(f.factor, 2)}×${during}`;
    case 'errorRate':
      return `at ${f.atS} s: ${f.target} fails ${fmtPercent(f.rate)} of requests${during}`;
    case 'flushCache':
      return `at ${f.atS} s: flush cache ${f.target}`;
    case 'failover':
      return `at ${f.atS} s: fail over database ${f.target}`;
    case 'cutCall':
      return `at ${f.atS} s: cut the call ${f.from} → ${f.to}${during}`;
  }
}

/** A scenario in a few words: load factor, profile and failures. */
export function scenarioText(topology: Topology, id: string, simulatedS?: number): string {
  const s = topology.scenarios?.[id];
  if (!s) return 'no scenario';
  const parts = [
    ...(s.loadFactor !== undefined && s.loadFactor !== 1 ? [`load ×${fmtNumber(s.loadFactor, 2)}`] : []),
    profileText(s.profile),
    ...(s.failures ?? []).map((f) => failureText(f) + notReached(f, simulatedS)),
    ...(s.randomFailures?.length ? [`${s.randomFailures.length} random failure source(s)`] : []),
  ];
  return parts.join('; ');
}

/** " (not reached: the run stops at N s)" for an event after the simulated time, else "". */
export function notReached(f: FailureEvent, simulatedS: number | undefined): string {
  return simulatedS !== undefined && f.atS >= simulatedS
    ? ` (not reached: the run stops at ${fmtNumber(simulatedS, simulatedS % 1 === 0 ? 0 : 1)} s)`
    : '';
}
