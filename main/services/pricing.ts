/** The pricing catalog kept in SQLite (tables of migration 002): read it whole, replace it, or reset it to the embedded default. */
import type Database from 'better-sqlite3';
import {
  DEFAULT_PRICING_CATALOG,
  PricingCatalogSchema,
  UNIT_PRICE_KEYS,
  type InstancePrice,
  type PricingCatalog,
  type UnitPrice,
} from '../../shared/pricing/index.js';
import { ApiError } from './api-error.js';

interface InstanceRow {
  type: string;
  region: string;
  provider: InstancePrice['provider'];
  role: InstancePrice['role'];
  vcpu: number;
  memory_gib: number;
  hourly_usd: number;
  taken_on: string;
  source: string;
}
interface UnitRow {
  key: string;
  usd: number;
  unit: string;
  provider: UnitPrice['provider'];
  region: string;
  taken_on: string;
  source: string;
}

/** The stored catalog; parts missing from the tables fall back to the embedded default. */
export function readPricing(db: Database.Database): PricingCatalog {
  const instances = (
    db.prepare('SELECT * FROM pricing_instances ORDER BY role, type, region').all() as InstanceRow[]
  ).map((r): InstancePrice => ({
    type: r.type,
    region: r.region,
    provider: r.provider,
    role: r.role,
    vcpu: r.vcpu,
    memoryGiB: r.memory_gib,
    hourlyUsd: r.hourly_usd,
    takenOn: r.taken_on,
    source: r.source,
  }));
  const unitRows = new Map(
    (db.prepare('SELECT * FROM pricing_units').all() as UnitRow[]).map((r) => [r.key, r]),
  );
  const units = Object.fromEntries(
    UNIT_PRICE_KEYS.map((k) => {
      const r = unitRows.get(k);
      const u: UnitPrice = r
        ? {
            usd: r.usd,
            unit: r.unit,
            provider: r.provider,
            region: r.region,
            takenOn: r.taken_on,
            source: r.source,
          }
        : DEFAULT_PRICING_CATALOG.units[k];
      return [k, u];
    }),
  ) as PricingCatalog['units'];
  const settings = new Map(
    (
      db.prepare('SELECT key, value_json FROM pricing_settings').all() as {
        key: string;
        value_json: string;
      }[]
    ).map((r) => [r.key, JSON.parse(r.value_json) as unknown]),
  );
  const candidate = {
    instances,
    units,
    defaults: settings.get('defaults') ?? DEFAULT_PRICING_CATALOG.defaults,
    requestsPerConnection:
      settings.get('requestsPerConnection') ?? DEFAULT_PRICING_CATALOG.requestsPerConnection,
    queueRequestsPerMessage:
      settings.get('queueRequestsPerMessage') ?? DEFAULT_PRICING_CATALOG.queueRequestsPerMessage,
  };
  const parsed = PricingCatalogSchema.safeParse(candidate);
  return parsed.success ? parsed.data : DEFAULT_PRICING_CATALOG;
}

/** Replaces the stored catalog in one transaction (validated; duplicate type+region named). */
export function writePricing(db: Database.Database, catalog: PricingCatalog): void {
  const seen = new Set<string>();
  catalog.instances.forEach((p, i) => {
    const key = `${p.type}@${p.region}`;
    if (seen.has(key))
      throw new ApiError(`pricing.update: catalog.instances.${i}: ${p.type} in ${p.region} is listed twice`);
    seen.add(key);
  });
  for (const role of ['compute', 'cache', 'database'] as const) {
    const type = catalog.defaults[role];
    if (!catalog.instances.some((p) => p.type === type && p.role === role))
      throw new ApiError(
        `pricing.update: catalog.defaults.${role}: "${type}" is not a ${role} instance type of the catalog`,
      );
  }
  db.transaction(() => {
    db.exec('DELETE FROM pricing_instances; DELETE FROM pricing_units; DELETE FROM pricing_settings;');
    const ins = db.prepare(
      'INSERT INTO pricing_instances (type, region, provider, role, vcpu, memory_gib, hourly_usd, taken_on, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of catalog.instances)
      ins.run(p.type, p.region, p.provider, p.role, p.vcpu, p.memoryGiB, p.hourlyUsd, p.takenOn, p.source);
    const unit = db.prepare(
      'INSERT INTO pricing_units (key, usd, unit, provider, region, taken_on, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [k, u] of Object.entries(catalog.units))
      unit.run(k, u.usd, u.unit, u.provider, u.region, u.takenOn, u.source);
    const set = db.prepare('INSERT INTO pricing_settings (key, value_json) VALUES (?, ?)');
    set.run('defaults', JSON.stringify(catalog.defaults));
    set.run('requestsPerConnection', JSON.stringify(catalog.requestsPerConnection));
    set.run('queueRequestsPerMessage', JSON.stringify(catalog.queueRequestsPerMessage));
  })();
}

/** JSON with object keys sorted (a canonical form for comparison). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );

/** Whether the stored catalog differs from the embedded default (instance order aside). */
export function isEdited(catalog: PricingCatalog): boolean {
  const key = (p: InstancePrice) => `${p.role}/${p.type}/${p.region}`;
  const norm = (c: PricingCatalog) =>
    canonical({ ...c, instances: [...c.instances].sort((a, b) => key(a).localeCompare(key(b))) });
  return norm(catalog) !== norm(DEFAULT_PRICING_CATALOG);
}
