import { useEffect, useMemo, useRef, useState } from 'react';
import { UNIT_PRICE_KEYS, type PricingCatalog } from '../../../shared/pricing/index.js';
import { usePricing } from '../store/pricing.js';
import { loadPricing, savePricing } from './load.js';
import { useUi } from '../store/ui.js';
import { trapTab } from '../ui/UnsavedDialog.js';
import {
  applyDrafts,
  checkDraft,
  instanceKey,
  unitKey,
  UNIT_LABEL,
  type Drafts,
  type InstanceField,
} from './catalog-form.js';

/** Today's local date, YYYY-MM-DD (the date an edited price was taken). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** One editable figure: a text field that shows its own error inline. */
function FigureInput({
  catalog,
  draftKey,
  value,
  drafts,
  setDraft,
  label,
}: {
  catalog: PricingCatalog;
  draftKey: string;
  value: number;
  drafts: Drafts;
  setDraft: (key: string, text: string) => void;
  label: string;
}) {
  const text = drafts[draftKey] ?? String(value);
  const error = drafts[draftKey] === undefined ? null : checkDraft(catalog, draftKey, text);
  return (
    <input
      type="text"
      inputMode="decimal"
      className={`price-input${error ? ' invalid' : ''}${drafts[draftKey] !== undefined && !error ? ' changed' : ''}`}
      aria-label={label}
      aria-invalid={error ? true : undefined}
      title={error?.message}
      value={text}
      onChange={(e) => setDraft(draftKey, e.target.value)}
    />
  );
}

const INSTANCE_FIELDS: [InstanceField, string][] = [
  ['vcpu', 'vCPU'],
  ['memoryGiB', 'memory GiB'],
  ['hourlyUsd', '$/hour'],
];

/**
 * Simulation → Price Catalog…: the app's stored catalog (instance types and usage prices) to read and
 * edit; Save stores it (pricing.update) and the live estimate, the run costs and the reports use it.
 */
export function PricesDialog() {
  const open = useUi((s) => s.pricesOpen);
  const catalog = usePricing((s) => s.catalog);
  const edited = usePricing((s) => s.edited);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [filter, setFilter] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const loaded = catalog !== null;
  useEffect(() => {
    if (!open) return;
    setDrafts({});
    setErrors([]);
    setFilter('');
    void loadPricing();
  }, [open]);
  useEffect(() => {
    if (open) ref.current?.querySelector<HTMLElement>('input')?.focus();
  }, [open, loaded]);
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (catalog?.instances ?? [])
      .map((inst, index) => ({ inst, index }))
      .filter(({ inst }) => !f || `${inst.type} ${inst.role} ${inst.region}`.toLowerCase().includes(f));
  }, [catalog, filter]);
  if (!open) return null;
  const close = () => useUi.getState().set({ pricesOpen: false });
  const setDraft = (key: string, text: string) => setDrafts((d) => ({ ...d, [key]: text }));
  const pending = Object.keys(drafts).length;
  const save = async () => {
    if (!catalog) return;
    const r = applyDrafts(catalog, drafts, today());
    if (!r.ok) {
      setErrors(r.errors.map((e) => e.message));
      return;
    }
    setBusy(true);
    try {
      await savePricing({ catalog: r.catalog });
      useUi.getState().set({
        pricesOpen: false,
        message: `Saved the price catalog (${r.changed} price${r.changed === 1 ? '' : 's'} changed)`,
      });
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      await savePricing({ reset: true });
      setDrafts({});
      setErrors([]);
      useUi.getState().set({ message: 'Price catalog reset to the embedded default' });
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  };
  const units = catalog?.units;
  return (
    <div className="modal-backdrop">
      <div
        className="modal prices"
        role="dialog"
        aria-modal="true"
        aria-labelledby="prices-title"
        data-testid="prices-dialog"
        ref={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
          trapTab(e);
        }}
      >
        <header>
          <h2 id="prices-title">Price catalog</h2>
          <span className="muted small">
            {edited ? 'edited' : 'embedded default'} · USD, on-demand · used by the live estimate, run costs
            and reports
          </span>
        </header>
        {!catalog ? (
          <p className="muted">This host keeps no price catalog.</p>
        ) : (
          <>
            <label className="prices-filter">
              Filter
              <input
                type="search"
                aria-label="Filter instance types"
                placeholder="type, role or region"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
            </label>
            <div className="prices-scroll">
              <table className="prices-table" data-testid="prices-instances">
                <caption>Instance types</caption>
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Role</th>
                    <th scope="col">Region</th>
                    {INSTANCE_FIELDS.map(([, label]) => (
                      <th scope="col" key={label} className="num">
                        {label}
                      </th>
                    ))}
                    <th scope="col">Taken on</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ inst, index }) => (
                    <tr key={`${inst.type}-${inst.region}-${index}`} title={inst.source}>
                      <th scope="row">{inst.type}</th>
                      <td>{inst.role}</td>
                      <td>{inst.region}</td>
                      {INSTANCE_FIELDS.map(([field, label]) => (
                        <td key={field} className="num">
                          <FigureInput
                            catalog={catalog}
                            draftKey={instanceKey(index, field)}
                            value={inst[field]}
                            drafts={drafts}
                            setDraft={setDraft}
                            label={`${inst.type} (${inst.region}) ${label}`}
                          />
                        </td>
                      ))}
                      <td className="muted">{inst.takenOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="prices-table" data-testid="prices-units">
                <caption>Usage prices</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Per</th>
                    <th scope="col">Region</th>
                    <th scope="col" className="num">
                      $
                    </th>
                    <th scope="col">Taken on</th>
                  </tr>
                </thead>
                <tbody>
                  {units &&
                    UNIT_PRICE_KEYS.map((k) => (
                      <tr key={k} title={units[k].source}>
                        <th scope="row">{UNIT_LABEL[k]}</th>
                        <td>{units[k].unit}</td>
                        <td>{units[k].region}</td>
                        <td className="num">
                          <FigureInput
                            catalog={catalog}
                            draftKey={unitKey(k)}
                            value={units[k].usd}
                            drafts={drafts}
                            setDraft={setDraft}
                            label={`${UNIT_LABEL[k]} $ per ${units[k].unit}`}
                          />
                        </td>
                        <td className="muted">{units[k].takenOn}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {errors.length > 0 && (
          <ul className="problems" role="alert" data-testid="prices-errors">
            {errors.slice(0, 20).map((m) => (
              <li key={m} className="error">
                {m}
              </li>
            ))}
          </ul>
        )}
        <footer className="prices-actions">
          <button
            type="button"
            className="btn danger"
            disabled={busy || !catalog}
            onClick={() => void reset()}
          >
            Reset to defaults
          </button>
          <span className="spacer" />
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={busy || !catalog || pending === 0}
            onClick={() => void save()}
          >
            Save
          </button>
        </footer>
      </div>
    </div>
  );
}
