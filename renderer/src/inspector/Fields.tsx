import { useEffect, useId, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { formatPath, type Issue } from '../../../shared/topology/index.js';
import { getIn, setIn, type PathSegment } from '../model/edits.js';
import { describeIssue, useAnalysis } from '../store/analysis.js';
import { useDocument } from '../store/document.js';
import { DistributionEditor } from './DistributionEditor.js';
import { defaultValue, descriptionOf, fieldKind, fieldMeta, unwrap } from './schema.js';

/** Writes a value into the document at `path` (undefined removes an optional field). */
export function commit(path: readonly PathSegment[], value: unknown): void {
  useDocument.getState().edit((t) => setIn(t, path, value), formatPath(path));
}

/** Problems exactly at `path`. */
export function useIssuesAt(path: readonly PathSegment[]): Issue[] {
  const key = formatPath(path);
  const issues = useAnalysis((s) => s.issues);
  return issues.filter((i) => i.path === key);
}

/** The inline message under a field. */
export function FieldIssues({ issues, id }: { issues: Issue[]; id: string }) {
  if (issues.length === 0) return null;
  return (
    <div className="field-issues" id={id} role="alert">
      {issues.map((i, n) => (
        <div key={n} className={`field-issue ${i.severity}`}>
          {describeIssue(i)}
        </div>
      ))}
    </div>
  );
}

/** A number input that keeps what the user types and commits every parseable value. */
export function NumberInput({
  value,
  onCommit,
  optional,
  label,
  min,
  max,
  integer,
  describedBy,
  invalid,
  id,
}: {
  value: number | undefined;
  onCommit: (v: number | undefined) => void;
  optional: boolean;
  label: string;
  min?: number | null;
  max?: number | null;
  integer?: boolean;
  describedBy?: string;
  invalid?: boolean;
  id?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => {
    setText((cur) =>
      cur.trim() !== '' && Number(cur) === value ? cur : value === undefined ? '' : String(value),
    );
  }, [value]);
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={invalid || localError !== null}
        aria-describedby={describedBy}
        value={text}
        placeholder={optional ? 'default' : undefined}
        title={[
          min !== null && min !== undefined ? `min ${min}` : null,
          max !== null && max !== undefined ? `max ${max}` : null,
          integer ? 'integer' : null,
        ]
          .filter(Boolean)
          .join(', ')}
        onChange={(e) => {
          const raw = e.target.value;
          setText(raw);
          if (raw.trim() === '') {
            if (optional) {
              setLocalError(null);
              onCommit(undefined);
            } else setLocalError('is required');
            return;
          }
          const v = Number(raw);
          if (!Number.isFinite(v)) {
            setLocalError(`must be a number, got "${raw}"`);
            return;
          }
          setLocalError(null);
          onCommit(v);
        }}
      />
      {localError && (
        <div className="field-issues" role="alert">
          <div className="field-issue error">{localError}</div>
        </div>
      )}
    </>
  );
}

/** A select of component ids (for `to` and `target` fields). */
export function ComponentSelect({
  value,
  onChange,
  label,
  exclude,
  describedBy,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  exclude?: string;
  describedBy?: string;
}) {
  const components = useDocument((s) => s.topology.components);
  const known = Object.prototype.hasOwnProperty.call(components, value);
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-describedby={describedBy}
    >
      {!known && <option value={value}>{value ? `${value} (missing)` : '— none —'}</option>}
      {Object.entries(components)
        .filter(([id, c]) => id !== exclude && c.kind !== 'source' && c.kind !== 'autoscaler')
        .map(([id, c]) => (
          <option key={id} value={id}>
            {c.name} ({id})
          </option>
        ))}
    </select>
  );
}

const NETWORK_CLASSES = ['sameZone', 'crossZone', 'crossRegion'] as const;
const NETWORK_LABEL: Record<string, string> = {
  sameZone: 'Same zone',
  crossZone: 'Cross zone',
  crossRegion: 'Cross region',
};

/** One row: label, editor, unit, help and inline problems. */
function Row({
  label,
  unit,
  help,
  inputId,
  issuesId,
  issues,
  children,
}: {
  label: string;
  unit: string | null;
  help?: string;
  inputId: string;
  issuesId: string;
  issues: Issue[];
  children: ReactNode;
}) {
  return (
    <div className={`field${issues.some((i) => i.severity === 'error') ? ' invalid' : ''}`}>
      <label htmlFor={inputId} title={help}>
        {label}
      </label>
      <div className="field-input">
        {children}
        {unit && <span className="unit">{unit}</span>}
      </div>
      <FieldIssues issues={issues} id={issuesId} />
    </div>
  );
}

/** Keys never shown in generated forms. */
const HIDDEN = new Set(['kind', '$schema', 'schemaVersion', 'layout', 'components', 'preset']);

/**
 * A generated form for one field of the document: its editor follows the zod schema
 * (numbers with units and limits, enums, switches, nested objects, unions, lists, records).
 */
export function SchemaField({
  name,
  schema,
  path,
  owner,
}: {
  name: string;
  schema: z.ZodType;
  path: PathSegment[];
  /** Id of the component the field belongs to (excluded from its own `to` choices). */
  owner?: string;
}) {
  const value = useDocument((s) => getIn(s.topology, path));
  const issues = useIssuesAt(path);
  const uid = useId();
  const inputId = `${uid}-in`;
  const issuesId = `${uid}-err`;
  const { optional } = unwrap(schema);
  const kind = fieldKind(schema);
  const meta = fieldMeta(name);
  const help = descriptionOf(schema);
  const spoken = meta.unitLong ? `${meta.label} in ${meta.unitLong}` : meta.label;
  if (HIDDEN.has(name) || kind.kind === 'literal') return null;

  if ((name === 'to' || name === 'target') && kind.kind === 'string') {
    return (
      <Row
        label={meta.label === 'To' ? 'Calls' : 'Scales'}
        unit={null}
        help={help}
        inputId={inputId}
        issuesId={issuesId}
        issues={issues}
      >
        <ComponentSelect
          value={String(value ?? '')}
          onChange={(v) => commit(path, v)}
          label={name === 'to' ? 'Calls component' : 'Scales component'}
          exclude={owner}
          describedBy={issuesId}
        />
      </Row>
    );
  }

  switch (kind.kind) {
    case 'number':
      return (
        <Row
          label={meta.label}
          unit={meta.unit}
          help={help}
          inputId={inputId}
          issuesId={issuesId}
          issues={issues}
        >
          <NumberInput
            id={inputId}
            value={typeof value === 'number' ? value : undefined}
            onCommit={(v) => commit(path, v)}
            optional={optional}
            label={spoken}
            min={kind.min}
            max={kind.max}
            integer={kind.integer}
            describedBy={issuesId}
            invalid={issues.length > 0}
          />
        </Row>
      );
    case 'string': {
      return (
        <Row label={meta.label} unit={null} help={help} inputId={inputId} issuesId={issuesId} issues={issues}>
          {name === 'description' ? (
            <textarea
              id={inputId}
              aria-label={meta.label}
              value={String(value ?? '')}
              rows={2}
              onChange={(e) => commit(path, e.target.value === '' && optional ? undefined : e.target.value)}
              aria-describedby={issuesId}
            />
          ) : (
            <input
              id={inputId}
              type="text"
              aria-label={meta.label}
              value={String(value ?? '')}
              placeholder={optional ? 'optional' : undefined}
              onChange={(e) => commit(path, e.target.value === '' && optional ? undefined : e.target.value)}
              aria-describedby={issuesId}
            />
          )}
        </Row>
      );
    }
    case 'enum':
      return (
        <Row label={meta.label} unit={null} help={help} inputId={inputId} issuesId={issuesId} issues={issues}>
          <select
            id={inputId}
            aria-label={meta.label}
            value={value === undefined ? '' : String(value)}
            onChange={(e) => commit(path, e.target.value === '' ? undefined : e.target.value)}
            aria-describedby={issuesId}
          >
            {optional && <option value="">default</option>}
            {kind.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Row>
      );
    case 'boolean':
      return (
        <Row label={meta.label} unit={null} help={help} inputId={inputId} issuesId={issuesId} issues={issues}>
          <input
            id={inputId}
            type="checkbox"
            aria-label={meta.label}
            checked={value === true}
            onChange={(e) => commit(path, e.target.checked)}
          />
        </Row>
      );
    case 'network':
      return (
        <Row label={meta.label} unit={null} help={help} inputId={inputId} issuesId={issuesId} issues={issues}>
          <select
            id={inputId}
            aria-label={meta.label}
            value={typeof value === 'string' ? value : value === undefined ? '' : 'custom'}
            onChange={(e) =>
              commit(
                path,
                e.target.value === ''
                  ? undefined
                  : e.target.value === 'custom'
                    ? { type: 'lognormal', p50Ms: 1, p99Ms: 5 }
                    : e.target.value,
              )
            }
          >
            <option value="">none</option>
            {NETWORK_CLASSES.map((c) => (
              <option key={c} value={c}>
                {NETWORK_LABEL[c]}
              </option>
            ))}
            <option value="custom">custom distribution</option>
          </select>
          {value !== undefined && typeof value !== 'string' && (
            <DistributionEditor path={path} label={meta.label} />
          )}
        </Row>
      );
    case 'distribution':
      if (value === undefined)
        return (
          <div className="field">
            <span className="label-like">{meta.label}</span>
            <button type="button" className="btn small" onClick={() => commit(path, defaultValue(schema))}>
              Add {meta.label.toLowerCase()}
            </button>
          </div>
        );
      return (
        <fieldset className="group">
          <legend title={help}>
            {meta.label}
            {optional && (
              <button
                type="button"
                className="link"
                onClick={() => commit(path, undefined)}
                aria-label={`Remove ${meta.label}`}
              >
                remove
              </button>
            )}
          </legend>
          <DistributionEditor path={path} label={meta.label} />
          <FieldIssues issues={issues} id={issuesId} />
        </fieldset>
      );
    case 'object':
    case 'union': {
      if (value === undefined || value === null)
        return (
          <div className="field">
            <span className="label-like" title={help}>
              {meta.label}
            </span>
            <button type="button" className="btn small" onClick={() => commit(path, defaultValue(schema))}>
              Add {meta.label.toLowerCase()}
            </button>
          </div>
        );
      const obj = value as Record<string, unknown>;
      const shape =
        kind.kind === 'object'
          ? kind.shape
          : (kind.options.find((o) => o.value === obj[kind.discriminator])?.shape ?? {});
      return (
        <fieldset className="group">
          <legend title={help}>
            {meta.label}
            {optional && (
              <button
                type="button"
                className="link"
                onClick={() => commit(path, undefined)}
                aria-label={`Remove ${meta.label}`}
              >
                remove
              </button>
            )}
          </legend>
          {kind.kind === 'union' && (
            <div className="field">
              <label htmlFor={inputId}>Type</label>
              <div className="field-input">
                <select
                  id={inputId}
                  aria-label={`${meta.label} type`}
                  value={String(obj[kind.discriminator] ?? '')}
                  onChange={(e) => {
                    const opt = kind.options.find((o) => o.value === e.target.value);
                    if (!opt) return;
                    const next: Record<string, unknown> = {};
                    for (const [k, s] of Object.entries(opt.shape)) {
                      if (k in obj && k !== kind.discriminator) next[k] = obj[k];
                      else if (!unwrap(s).optional) next[k] = defaultValue(s);
                    }
                    next[kind.discriminator] = opt.value;
                    commit(path, next);
                  }}
                >
                  {kind.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.value}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          {Object.entries(shape).map(([k, s]) => (
            <SchemaField key={k} name={k} schema={s} path={[...path, k]} owner={owner} />
          ))}
          <FieldIssues issues={issues} id={issuesId} />
        </fieldset>
      );
    }
    case 'array': {
      const el = fieldKind(kind.element);
      const items = Array.isArray(value) ? (value as unknown[]) : [];
      if (el.kind === 'string' || el.kind === 'enum') {
        return (
          <Row
            label={meta.label}
            unit={null}
            help={`${help ?? ''} (comma-separated)`}
            inputId={inputId}
            issuesId={issuesId}
            issues={issues}
          >
            <input
              id={inputId}
              type="text"
              aria-label={meta.label}
              value={items.join(', ')}
              placeholder="comma-separated"
              onChange={(e) => {
                const list = e.target.value
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean);
                commit(path, list.length === 0 && optional ? undefined : list);
              }}
            />
          </Row>
        );
      }
      const singular = meta.label.replace(/s$/, '').toLowerCase();
      return (
        <fieldset className="group list">
          <legend title={help}>{meta.label}</legend>
          {items.map((_, i) => (
            <div className="list-item" key={i}>
              <div className="list-item-head">
                <span>
                  {singular} {i + 1}
                </span>
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove ${singular} ${i + 1}`}
                  onClick={() =>
                    commit(
                      path,
                      items.filter((__, j) => j !== i),
                    )
                  }
                >
                  remove
                </button>
              </div>
              <ItemFields schema={kind.element} path={[...path, i]} owner={owner} />
            </div>
          ))}
          <button
            type="button"
            className="btn small"
            onClick={() => commit(path, [...items, defaultValue(kind.element)])}
          >
            Add {singular}
          </button>
          <FieldIssues issues={issues} id={issuesId} />
        </fieldset>
      );
    }
    case 'record': {
      const entries = value && typeof value === 'object' ? Object.keys(value as object) : [];
      return (
        <fieldset className="group list">
          <legend title={help}>{meta.label}</legend>
          {entries.map((key) => (
            <RecordEntry key={key} entry={key} schema={kind.value} path={path} owner={owner} />
          ))}
          <button
            type="button"
            className="btn small"
            onClick={() => {
              let key = '*';
              for (let n = 2; entries.includes(key); n++) key = `endpoint-${n}`;
              commit([...path, key], defaultValue(kind.value));
            }}
          >
            Add {meta.label.toLowerCase().replace(/s$/, '')}
          </button>
          <FieldIssues issues={issues} id={issuesId} />
        </fieldset>
      );
    }
    default:
      return null;
  }
}

/** The fields of one list item (an object's fields, or a single editor). */
function ItemFields({ schema, path, owner }: { schema: z.ZodType; path: PathSegment[]; owner?: string }) {
  const k = fieldKind(schema);
  if (k.kind === 'object')
    return (
      <>
        {Object.entries(k.shape).map(([key, s]) => (
          <SchemaField key={key} name={key} schema={s} path={[...path, key]} owner={owner} />
        ))}
      </>
    );
  return <SchemaField name="value" schema={schema} path={path} owner={owner} />;
}

/** One entry of a record (handlers by endpoint, routes...): an editable key and its fields. */
function RecordEntry({
  entry,
  schema,
  path,
  owner,
}: {
  entry: string;
  schema: z.ZodType;
  path: PathSegment[];
  owner?: string;
}) {
  const [key, setKey] = useState(entry);
  useEffect(() => setKey(entry), [entry]);
  const edit = useDocument((s) => s.edit);
  const renameTo = (to: string) => {
    if (!to || to === entry) return;
    edit((t) => {
      const rec = getIn(t, path) as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(rec, to)) return t;
      return setIn(
        t,
        path,
        Object.fromEntries(Object.entries(rec).map(([k, v]) => [k === entry ? to : k, v])),
      );
    });
  };
  return (
    <div className="list-item">
      <div className="list-item-head">
        <input
          className="key-input"
          aria-label={`Endpoint key ${entry}`}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          onBlur={() => renameTo(key.trim())}
          onKeyDown={(e) => {
            if (e.key === 'Enter') renameTo(key.trim());
          }}
          title='Endpoint id, or "*" for every endpoint without its own entry'
        />
        <button
          type="button"
          className="link"
          aria-label={`Remove ${entry}`}
          onClick={() => commit([...path, entry], undefined)}
        >
          remove
        </button>
      </div>
      <ItemFields schema={schema} path={[...path, entry]} owner={owner} />
    </div>
  );
}
