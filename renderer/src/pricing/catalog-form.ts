/**
 * The Prices dialog's form: text drafts of the editable figures of a pricing catalog, checked one
 * by one (each error names its field), applied to a copy of the catalog. Pure: no DOM, no clock.
 */
import {
  PricingCatalogSchema,
  UNIT_PRICE_KEYS,
  type PricingCatalog,
  type UnitPriceKey,
} from '../../../shared/pricing/index.js';

/** An editable figure of an instance type: USD per hour, vCPU, memory (GiB). */
export type InstanceField = 'hourlyUsd' | 'vcpu' | 'memoryGiB';

/** Largest value of each figure (the catalog schema's limits). */
const MAX: Record<InstanceField | 'usd', number> = { hourlyUsd: 1e6, vcpu: 4096, memoryGiB: 1e5, usd: 1e6 };
/** Column heading of each figure. */
export const FIELD_LABEL: Record<InstanceField | 'usd', string> = {
  hourlyUsd: '$/hour',
  vcpu: 'vCPU',
  memoryGiB: 'memory GiB',
  usd: '$',
};

/** Readable names of the usage-priced items. */
export const UNIT_LABEL: Record<UnitPriceKey, string> = {
  loadBalancerHour: 'Load balancer',
  loadBalancerLcuHour: 'Load balancer capacity unit',
  gatewayPerMillion: 'API gateway requests',
  queuePerMillionRequests: 'Queue requests',
  serverlessPerMillion: 'Serverless requests',
  serverlessPerGbSecond: 'Serverless compute',
  databaseStorageGbMonth: 'Database storage',
  transferCrossZonePerGb: 'Data transfer, cross-zone',
  transferCrossRegionPerGb: 'Data transfer, cross-region',
  transferEgressPerGb: 'Data transfer, internet egress',
};

/** Draft key of an instance figure (by its index in `catalog.instances`) or of a unit price. */
export const instanceKey = (index: number, field: InstanceField) => `instance.${index}.${field}`;
export const unitKey = (key: UnitPriceKey) => `unit.${key}`;

/** Text of edited fields by draft key; fields not in it keep the catalog's value. */
export type Drafts = Readonly<Record<string, string>>;

export interface FieldError {
  key: string;
  /** Names the field and the problem, e.g. `m7g.large (us-east-1) $/hour: must be a number from 0 to 1,000,000, got "abc"`. */
  message: string;
}

/** Marks a price edited here (appended once to its source). */
export const EDITED_NOTE = ' (edited in Headroom)';

/** The field's name in messages. */
export function fieldName(catalog: PricingCatalog, key: string): string {
  const [group, a, b] = key.split('.');
  if (group === 'instance') {
    const i = catalog.instances[Number(a)];
    return `${i?.type ?? `instance ${a}`} (${i?.region ?? '?'}) ${FIELD_LABEL[b as InstanceField] ?? b}`;
  }
  const u = catalog.units[a as UnitPriceKey];
  return `${UNIT_LABEL[a as UnitPriceKey] ?? a} $ per ${u?.unit ?? 'unit'}`;
}

/** Parses one draft: a plain decimal number from 0 to `max`; else the problem. */
export function parseFigure(text: string, max: number): { value: number } | { problem: string } {
  const t = text.trim();
  const limit = `must be a number from 0 to ${max.toLocaleString('en-US')}`;
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t))
    return { problem: t.startsWith('-') ? `${limit}, got ${t}` : `${limit}, got "${t}"` };
  const value = Number(t);
  if (!(value <= max)) return { problem: `${limit}, got ${t}` };
  return { value };
}

/** Checks one draft; the error names the field, or null when it is valid. */
export function checkDraft(catalog: PricingCatalog, key: string, text: string): FieldError | null {
  const field = key.startsWith('unit.') ? 'usd' : (key.split('.')[2] as InstanceField);
  const r = parseFigure(text, MAX[field] ?? 1e6);
  return 'problem' in r ? { key, message: `${fieldName(catalog, key)}: ${r.problem}` } : null;
}

/**
 * Applies the drafts to a copy of the catalog. Every changed price gets `today` (YYYY-MM-DD) as the
 * date it was taken and the edited note on its source. Returns the catalog, or every field's error.
 */
export function applyDrafts(
  catalog: PricingCatalog,
  drafts: Drafts,
  today: string,
): { ok: true; catalog: PricingCatalog; changed: number } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = (key: string, current: number): number => {
    const text = drafts[key];
    if (text === undefined) return current;
    const e = checkDraft(catalog, key, text);
    if (e) {
      errors.push(e);
      return current;
    }
    return Number(text.trim());
  };
  const mark = (source: string) =>
    source.endsWith(EDITED_NOTE) ? source : `${source.slice(0, 500 - EDITED_NOTE.length)}${EDITED_NOTE}`;
  let changed = 0;
  const instances = catalog.instances.map((inst, i) => {
    const next = {
      ...inst,
      hourlyUsd: value(instanceKey(i, 'hourlyUsd'), inst.hourlyUsd),
      vcpu: value(instanceKey(i, 'vcpu'), inst.vcpu),
      memoryGiB: value(instanceKey(i, 'memoryGiB'), inst.memoryGiB),
    };
    if (next.hourlyUsd === inst.hourlyUsd && next.vcpu === inst.vcpu && next.memoryGiB === inst.memoryGiB)
      return inst;
    changed++;
    return { ...next, takenOn: today, source: mark(inst.source) };
  });
  const units = { ...catalog.units };
  for (const k of UNIT_PRICE_KEYS) {
    const u = catalog.units[k];
    const usd = value(unitKey(k), u.usd);
    if (usd === u.usd) continue;
    changed++;
    units[k] = { ...u, usd, takenOn: today, source: mark(u.source) };
  }
  if (errors.length) return { ok: false, errors };
  const next = { ...catalog, instances, units };
  const parsed = PricingCatalogSchema.safeParse(next);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({
        key: i.path.join('.'),
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    };
  return { ok: true, catalog: parsed.data, changed };
}
