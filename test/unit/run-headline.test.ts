import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/index.js';
import { analyze } from '../../models/analytic/index.js';
import { costFromSimulation } from '../../models/cost/index.js';
import { RunSummarySchema } from '../../shared/api/contract.js';
import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../shared/pricing/index.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';
import { runHeadline } from '../../main/services/headline.js';

const topology = getTemplate('single-service-db')?.topology as Topology;
const result = simulate(topology, { seed: 1, durationS: 20, warmupS: 2 });

describe('stored run headline', () => {
  it('adds the design’s analytic max load and the run’s monthly cost with the catalog given', () => {
    const h = runHeadline(topology, result, DEFAULT_PRICING_CATALOG);
    expect(h.maxLoadRps).toBe(analyze(topology).maxThroughputRps);
    expect(h.maxLoadRps).toBeGreaterThan(100);
    expect(h.costPerMonthUsd).toBe(costFromSimulation(topology, result, {}).perMonth);
    expect(h.costPerMonthUsd).toBeGreaterThan(0);
    expect(h.p99Ms).toBeCloseTo((result.summary.latency.p99S as number) * 1000, 9);
  });

  it('prices with the stored catalog: doubling every instance price raises the cost', () => {
    const dear: PricingCatalog = {
      ...DEFAULT_PRICING_CATALOG,
      instances: DEFAULT_PRICING_CATALOG.instances.map((i) => ({ ...i, hourlyUsd: i.hourlyUsd * 2 })),
    };
    const cheap = runHeadline(topology, result, DEFAULT_PRICING_CATALOG).costPerMonthUsd as number;
    const expensive = runHeadline(topology, result, dear).costPerMonthUsd as number;
    expect(expensive).toBeGreaterThan(cheap * 1.5);
  });

  it('a headline stored before these fields still reads', () => {
    const old = {
      id: 'r1',
      name: 'old run',
      status: 'done',
      createdAt: '2026-01-01T00:00:00Z',
      seed: 1,
      headline: { throughputRps: 10, errorRate: 0, p50Ms: 1, p99Ms: 2, meanMs: 1 },
      error: null,
    };
    expect(RunSummarySchema.safeParse(old).success).toBe(true);
  });
});
