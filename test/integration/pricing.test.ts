import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/services/dispatch.js';
import { STORE_MIGRATIONS } from '../../main/services/migrations/index.js';
import { migrate } from '../../main/services/store.js';
import { readPricing } from '../../main/services/pricing.js';
import { createServices, type Services } from '../../main/services/services.js';
import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../shared/pricing/index.js';

let dir: string;
let services: Services;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-pricing-'));
  services = createServices({ dataDir: join(dir, 'data'), host: 'web', maxWorkers: 1 });
});
afterAll(async () => {
  await services.close();
});

const list = () =>
  dispatch(services.handlers, 'pricing.list', {}) as Promise<{ catalog: PricingCatalog; edited: boolean }>;

describe('pricing catalog in SQLite', () => {
  it('migration 2 seeds the tables with the embedded default, which reads back equal', () => {
    const db = new Database(':memory:');
    expect(migrate(db, STORE_MIGRATIONS.slice(0, 2))).toBe(2);
    const c = readPricing(db);
    expect(c.instances).toHaveLength(DEFAULT_PRICING_CATALOG.instances.length);
    expect(c.units).toEqual(DEFAULT_PRICING_CATALOG.units);
    const m7g = c.instances.find((p) => p.type === 'm7g.large');
    expect(m7g).toEqual(DEFAULT_PRICING_CATALOG.instances.find((p) => p.type === 'm7g.large'));
  });

  it('pricing.list shows the default; pricing.update edits a price and reset restores it', async () => {
    const first = await list();
    expect(first.edited).toBe(false);
    const edited: PricingCatalog = {
      ...first.catalog,
      instances: first.catalog.instances.map((p) =>
        p.type === 'm7g.large'
          ? { ...p, hourlyUsd: 0.07, provider: 'custom', source: 'our negotiated rate' }
          : p,
      ),
    };
    const after = (await dispatch(services.handlers, 'pricing.update', { catalog: edited })) as {
      catalog: PricingCatalog;
      edited: boolean;
    };
    expect(after.edited).toBe(true);
    expect((await list()).catalog.instances.find((p) => p.type === 'm7g.large')?.hourlyUsd).toBe(0.07);
    const reset = (await dispatch(services.handlers, 'pricing.update', { reset: true })) as {
      edited: boolean;
    };
    expect(reset.edited).toBe(false);
    expect((await list()).catalog.instances.find((p) => p.type === 'm7g.large')?.hourlyUsd).toBe(0.0816);
  });

  it('refuses bad catalogs, naming the field', async () => {
    const c = (await list()).catalog;
    const negative = { ...c, instances: [{ ...c.instances[0], hourlyUsd: -1 }, ...c.instances.slice(1)] };
    await expect(dispatch(services.handlers, 'pricing.update', { catalog: negative })).rejects.toThrow(
      /catalog\.instances\.0\.hourlyUsd/,
    );
    const dup = { ...c, instances: [...c.instances, c.instances[0]] };
    await expect(dispatch(services.handlers, 'pricing.update', { catalog: dup })).rejects.toThrow(
      /listed twice/,
    );
    const noDefault = { ...c, defaults: { ...c.defaults, compute: 'x9.huge' } };
    await expect(dispatch(services.handlers, 'pricing.update', { catalog: noDefault })).rejects.toThrow(
      /defaults\.compute/,
    );
    await expect(dispatch(services.handlers, 'pricing.update', {})).rejects.toThrow(
      /either catalog or reset/,
    );
    expect((await list()).edited).toBe(false);
  });
});
