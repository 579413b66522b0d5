import { describe, expect, it } from 'vitest';
import {
  applyDrafts,
  checkDraft,
  EDITED_NOTE,
  instanceKey,
  parseFigure,
  unitKey,
} from '../../renderer/src/pricing/catalog-form.js';
import { useAnalysis } from '../../renderer/src/store/analysis.js';
import { useDocument } from '../../renderer/src/store/document.js';
import { usePricing } from '../../renderer/src/store/pricing.js';
import { DEFAULT_PRICING_CATALOG as CATALOG } from '../../shared/pricing/index.js';
import { getTemplate } from '../../shared/templates/index.js';
import type { Topology } from '../../shared/topology/index.js';

const m7g = CATALOG.instances.findIndex((i) => i.type === 'm7g.large');

describe('price catalog form', () => {
  it('reads plain decimal numbers within the limit, and names the problem otherwise', () => {
    expect(parseFigure(' 0.25 ', 1e6)).toEqual({ value: 0.25 });
    expect(parseFigure('3', 10)).toEqual({ value: 3 });
    expect(parseFigure('abc', 1e6)).toEqual({ problem: 'must be a number from 0 to 1,000,000, got "abc"' });
    expect(parseFigure('-1', 1e6)).toEqual({ problem: 'must be a number from 0 to 1,000,000, got -1' });
    expect(parseFigure('', 10)).toEqual({ problem: 'must be a number from 0 to 10, got ""' });
    expect(parseFigure('5000', 4096)).toEqual({ problem: 'must be a number from 0 to 4,096, got 5000' });
  });

  it('an error names the instance type, region and column, or the usage item and its unit', () => {
    expect(checkDraft(CATALOG, instanceKey(m7g, 'hourlyUsd'), 'x')?.message).toBe(
      'm7g.large (us-east-1) $/hour: must be a number from 0 to 1,000,000, got "x"',
    );
    expect(checkDraft(CATALOG, unitKey('transferEgressPerGb'), '-2')?.message).toBe(
      `Data transfer, internet egress $ per ${CATALOG.units.transferEgressPerGb.unit}: must be a number from 0 to 1,000,000, got -2`,
    );
    expect(checkDraft(CATALOG, instanceKey(m7g, 'vcpu'), '4')).toBeNull();
  });

  it('applies edits to a copy, dating and marking only the changed prices', () => {
    const r = applyDrafts(
      CATALOG,
      { [instanceKey(m7g, 'hourlyUsd')]: '0.2', [unitKey('loadBalancerHour')]: '0.03' },
      '2026-12-01',
    );
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    expect(r.changed).toBe(2);
    const inst = r.catalog.instances[m7g];
    expect(inst?.hourlyUsd).toBe(0.2);
    expect(inst?.takenOn).toBe('2026-12-01');
    expect(inst?.source.endsWith(EDITED_NOTE)).toBe(true);
    expect(r.catalog.units.loadBalancerHour.usd).toBe(0.03);
    // Untouched prices keep their date and source; the input catalog is not changed.
    expect(r.catalog.instances[0]).toEqual(CATALOG.instances[0]);
    expect(r.catalog.units.gatewayPerMillion).toEqual(CATALOG.units.gatewayPerMillion);
    expect(CATALOG.instances[m7g]?.hourlyUsd).not.toBe(0.2);
    // Editing an edited price again does not repeat the note; a draft equal to the value changes nothing.
    const again = applyDrafts(r.catalog, { [instanceKey(m7g, 'hourlyUsd')]: '0.3' }, '2026-12-02');
    expect(again.ok && again.catalog.instances[m7g]?.source).toBe(inst?.source);
    const same = applyDrafts(
      CATALOG,
      { [instanceKey(m7g, 'vcpu')]: String(CATALOG.instances[m7g]?.vcpu) },
      'x',
    );
    expect(same.ok && same.changed).toBe(0);
  });

  it('returns every field error and no catalog when a draft is invalid', () => {
    const r = applyDrafts(
      CATALOG,
      {
        [instanceKey(m7g, 'hourlyUsd')]: 'cheap',
        [instanceKey(0, 'memoryGiB')]: '-4',
        [unitKey('gatewayPerMillion')]: '1',
      },
      '2026-12-01',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.key)).toEqual([instanceKey(0, 'memoryGiB'), instanceKey(m7g, 'hourlyUsd')]);
    expect(r.errors[1]?.message).toMatch(/^m7g\.large \(us-east-1\) \$\/hour: /);
  });

  it('the live estimate prices with the stored catalog and follows its changes', () => {
    useDocument.getState().replace(getTemplate('single-service-db')?.topology as Topology, null);
    usePricing.setState({ catalog: CATALOG, edited: false });
    const base = useAnalysis.getState().estimate?.cost.perMonth as number;
    const r = applyDrafts(
      CATALOG,
      { [instanceKey(m7g, 'hourlyUsd')]: String((CATALOG.instances[m7g]?.hourlyUsd as number) + 1) },
      '2026-12-01',
    );
    if (!r.ok) throw new Error('invalid');
    usePricing.setState({ catalog: r.catalog, edited: true });
    // The design's API pool: 2 × m7g.large, 730 hours a month, $1/hour more each.
    expect((useAnalysis.getState().estimate?.cost.perMonth as number) - base).toBeCloseTo(2 * 730, 6);
  });
});
