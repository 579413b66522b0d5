import { DEFAULT_PRICING_CATALOG, type PricingCatalog } from '../../../shared/pricing/index.js';
import type { StoreMigration } from './index.js';

/** A SQL string literal. */
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
/** A SQL number literal (finite by the catalog schema). */
const n = (x: number) => String(x);

/** INSERT statements that seed the pricing tables with a catalog. */
export function pricingSeedSql(c: PricingCatalog): string {
  const rows = c.instances.map(
    (p) =>
      `INSERT INTO pricing_instances (type, region, provider, role, vcpu, memory_gib, hourly_usd, taken_on, source) VALUES (${q(p.type)}, ${q(p.region)}, ${q(p.provider)}, ${q(p.role)}, ${n(p.vcpu)}, ${n(p.memoryGiB)}, ${n(p.hourlyUsd)}, ${q(p.takenOn)}, ${q(p.source)});`,
  );
  const units = Object.entries(c.units).map(
    ([key, u]) =>
      `INSERT INTO pricing_units (key, usd, unit, provider, region, taken_on, source) VALUES (${q(key)}, ${n(u.usd)}, ${q(u.unit)}, ${q(u.provider)}, ${q(u.region)}, ${q(u.takenOn)}, ${q(u.source)});`,
  );
  const settings = [
    ['defaults', c.defaults],
    ['requestsPerConnection', c.requestsPerConnection],
    ['queueRequestsPerMessage', c.queueRequestsPerMessage],
  ].map(
    ([k, v]) =>
      `INSERT INTO pricing_settings (key, value_json) VALUES (${q(String(k))}, ${q(JSON.stringify(v))});`,
  );
  return [...rows, ...units, ...settings].join('\n');
}

export const migration002: StoreMigration = {
  version: 2,
  name: 'pricing catalog (instances, usage prices, settings), seeded with the embedded default',
  sql: `
    CREATE TABLE pricing_instances (
      type TEXT NOT NULL,
      region TEXT NOT NULL,
      provider TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('compute', 'cache', 'database')),
      vcpu REAL NOT NULL,
      memory_gib REAL NOT NULL,
      hourly_usd REAL NOT NULL CHECK (hourly_usd >= 0),
      taken_on TEXT NOT NULL,
      source TEXT NOT NULL,
      PRIMARY KEY (type, region)
    );
    CREATE TABLE pricing_units (
      key TEXT PRIMARY KEY,
      usd REAL NOT NULL CHECK (usd >= 0),
      unit TEXT NOT NULL,
      provider TEXT NOT NULL,
      region TEXT NOT NULL,
      taken_on TEXT NOT NULL,
      source TEXT NOT NULL
    );
    CREATE TABLE pricing_settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
    ${pricingSeedSql(DEFAULT_PRICING_CATALOG)}
  `,
};
