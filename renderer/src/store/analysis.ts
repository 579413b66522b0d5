import { create } from 'zustand';
import { analyze as estimateWith, type Estimate } from '../../../models/analytic/index.js';
import type { PricingCatalog } from '../../../shared/pricing/index.js';
import { parseTopology, type Issue, type Topology } from '../../../shared/topology/index.js';
import { useDocument } from './document.js';
import { usePricing } from './pricing.js';

/** What the app knows about the current document after each edit. */
export interface Analysis {
  /** The document it was computed for. */
  topology: Topology;
  /** Schema and semantic problems (errors and warnings), with dotted paths. */
  issues: Issue[];
  /** The live analytic estimate (computed even when there are problems; dangling references are skipped). */
  estimate: Estimate | null;
  /** Wall time of validation + estimate, ms. */
  computeMs: number;
  /** Id of the scenario whose load the estimate used (null when the topology has none). */
  scenario: string | null;
}

/** The scenario the estimate uses: `requested` when the topology still has it, else the first (null when none). */
export function estimateScenario(topology: Topology, requested: string | undefined): string | null {
  const ids = Object.keys(topology.scenarios ?? {});
  if (requested !== undefined && ids.includes(requested)) return requested;
  return ids[0] ?? null;
}

/**
 * Validation and estimate of one document version, priced with `catalog` (the app's stored catalog;
 * the embedded default when null), at the load of scenario `scenario` (the first when absent or deleted).
 */
export function analyze(
  topology: Topology,
  now: () => number = () => performance.now(),
  catalog: PricingCatalog | null = null,
  scenario?: string,
): Analysis {
  const t0 = now();
  const parsed = parseTopology(topology);
  const issues = parsed.ok ? parsed.warnings : [...parsed.errors, ...parsed.warnings];
  const used = estimateScenario(topology, scenario);
  let est: Estimate | null = null;
  try {
    est = estimateWith(topology, {
      ...(used !== null ? { scenario: used } : {}),
      ...(catalog ? { cost: { catalog } } : {}),
    });
  } catch {
    est = null;
  }
  return { topology, issues, estimate: est, computeMs: now() - t0, scenario: used };
}

/** Scenario id chosen in the toolbar (undefined: the first); set by the run store. */
let requestedScenario: string | undefined;

const current = (topology: Topology) =>
  analyze(topology, undefined, usePricing.getState().catalog, requestedScenario);

/** The analysis slice: recomputed synchronously on every document change and when the catalog changes. */
export const useAnalysis = create<Analysis>(() => current(useDocument.getState().topology));

useDocument.subscribe((s, prev) => {
  if (s.topology !== prev.topology) useAnalysis.setState(current(s.topology));
});
usePricing.subscribe((s, prev) => {
  if (s.catalog !== prev.catalog) useAnalysis.setState(current(useDocument.getState().topology));
});

/** Makes the live estimate use scenario `id` (undefined: the first); recomputes when it changes. */
export function selectEstimateScenario(id: string | undefined): void {
  if (id === requestedScenario) return;
  requestedScenario = id;
  useAnalysis.setState(current(useDocument.getState().topology));
}

/** Component id an issue path points into (`components.<id>...`), or null. */
export function componentOfPath(path: string): string | null {
  const m = /^components\.([a-z][a-z0-9-]*)/.exec(path);
  return m ? (m[1] as string) : null;
}

/** A friendlier message for an issue when the raw one is about an unconnected reference. */
export function describeIssue(issue: Issue): string {
  const id = componentOfPath(issue.path);
  const rest = id ? issue.path.slice(`components.${id}`.length) : issue.path;
  if (/\.(to|target)$/.test(rest) && /got ""/.test(issue.message))
    return 'not connected: drag from this node’s right handle to the component it calls';
  if (id && rest === '.targets' && /at least 1/.test(issue.message))
    return 'has no targets: connect it to a service pool';
  return issue.message;
}
