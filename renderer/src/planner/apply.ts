/**
 * Applying a right-sizing configuration to the document: a pure edit (like model/edits.ts) that
 * changes only the configuration's paths, plus the `cores` an instance type brings (the planner's
 * own rule, models/planner applyConfiguration), sharing every other part of the topology.
 */
import { applyConfiguration, getParam, type Configuration } from '../../../models/planner/index.js';
import type { PricingCatalog } from '../../../shared/pricing/index.js';
import type { Topology } from '../../../shared/topology/index.js';
import { setIn } from '../model/edits.js';

/** Every field a configuration changes: path → new value (the instance type's cores included). */
export function configurationChanges(
  t: Topology,
  c: Configuration,
  catalog?: PricingCatalog,
): { path: string; from: unknown; to: unknown }[] {
  const applied = applyConfiguration(t, c, catalog);
  const paths = new Set(Object.keys(c));
  for (const p of Object.keys(c))
    if (p.endsWith('.instanceType')) paths.add(`${p.slice(0, -'instanceType'.length)}cores`);
  return [...paths]
    .map((path) => ({ path, from: getParam(t, path), to: getParam(applied, path) }))
    .filter((ch) => ch.to !== undefined && ch.from !== ch.to);
}

/** The topology with a configuration applied; unchanged parts keep their identity. */
export function applyPlanConfiguration(t: Topology, c: Configuration, catalog?: PricingCatalog): Topology {
  let out = t;
  for (const ch of configurationChanges(t, c, catalog)) out = setIn(out, ch.path.split('.'), ch.to);
  return out;
}
