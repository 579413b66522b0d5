import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Component } from '../../../shared/topology/index.js';
import { distributionMeanMs } from '../../../shared/topology/index.js';
import { KIND_LABEL } from '../model/components.js';
import { formatMs, formatPercent, formatRate } from '../ui/format.js';
import type { ComponentNodeData } from './graph.js';
import { KindIcon } from './icons.js';

/** A short line of the component's key parameters. */
export function keyParams(c: Component): string {
  switch (c.kind) {
    case 'source':
      return c.workload.type === 'open'
        ? `${formatRate(c.workload.rateRps)} · ${c.endpoints.length} endpoint${c.endpoints.length === 1 ? '' : 's'}`
        : `${c.workload.users} users`;
    case 'service':
      return `${c.instances} × ${c.cores} cores${c.workers ? ` · ${c.workers} workers` : ''}`;
    case 'database':
      return `${c.cores} cores${c.replicas ? ` · ${c.replicas} replicas` : ''}${c.shards && c.shards > 1 ? ` · ${c.shards} shards` : ''}`;
    case 'cache':
      return c.hit.type === 'ratio'
        ? `hit ${formatPercent(c.hit.hitRatio)}`
        : `${c.hit.capacity.toLocaleString('en-US')} keys ${c.hit.evictionPolicy.toUpperCase()}`;
    case 'loadBalancer':
      return c.policy;
    case 'gateway':
      return `${safeMean(c.latencyMs)}${c.rateLimit ? ` · limit ${formatRate(c.rateLimit.rateRps)}` : ''}`;
    case 'queue':
      return `publish ${safeMean(c.publishMs)}`;
    case 'autoscaler':
      return `${c.minInstances}–${c.maxInstances} · ${c.policy.type}`;
    case 'serverless':
      return `${c.memoryMb} MB · limit ${c.concurrencyLimit}`;
    case 'external':
      return `${safeMean(c.latencyMs)}${c.quotaRps ? ` · quota ${formatRate(c.quotaRps)}` : ''}`;
  }
}

function safeMean(d: Parameters<typeof distributionMeanMs>[0]): string {
  try {
    return `mean ${formatMs(distributionMeanMs(d))}`;
  } catch {
    return 'invalid latency';
  }
}

const RING_R = 15;
const RING_C = 2 * Math.PI * RING_R;

/** Utilization as a ring: green below 70 %, amber below 90 %, red above. */
function UtilizationRing({ value }: { value: number }) {
  const shown = Math.min(1, Math.max(0, value));
  const level = value >= 0.9 ? 'hot' : value >= 0.7 ? 'warm' : 'cool';
  return (
    <svg className={`ring ring-${level}`} width="40" height="40" viewBox="0 0 40 40" aria-hidden="true">
      <circle className="ring-track" cx="20" cy="20" r={RING_R} />
      {shown > 0 && (
        <circle
          className="ring-value"
          cx="20"
          cy="20"
          r={RING_R}
          strokeDasharray={`${shown * RING_C} ${RING_C}`}
          transform="rotate(-90 20 20)"
        />
      )}
      <text x="20" y="23.5" textAnchor="middle" className={value >= 0.995 ? 'over' : undefined}>
        {!Number.isFinite(value) || value >= 10 ? '∞' : Math.round(value * 100)}
      </text>
    </svg>
  );
}

/** A canvas node: icon, kind, name, key parameters, live estimate and problems of one component. */
export function ComponentNode({ data, selected }: NodeProps<Node<ComponentNodeData>>) {
  const c = data.component;
  const errors = data.issues.filter((i) => i.severity === 'error');
  const warnings = data.issues.length - errors.length;
  const receives = c.kind !== 'source' && c.kind !== 'autoscaler';
  const sends = c.kind !== 'database' && c.kind !== 'external';
  const summary = [
    `${KIND_LABEL[c.kind]} ${c.name}`,
    data.utilization !== null ? `utilization ${formatPercent(data.utilization)}` : null,
    data.p99Ms !== null ? `end-to-end p99 ${formatMs(data.p99Ms)}` : null,
    data.meanResponseMs !== null && (data.arrivalRps ?? 0) > 0 && c.kind !== 'source'
      ? `mean response ${formatMs(data.meanResponseMs)}`
      : null,
    data.bottleneck ? 'bottleneck' : null,
    errors.length ? `${errors.length} problem${errors.length === 1 ? '' : 's'}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      className={`node kind-${c.kind}${selected ? ' selected' : ''}${data.bottleneck && (data.utilization ?? 0) >= 0.7 ? ' bottleneck' : ''}${errors.length ? ' has-errors' : ''}`}
      data-testid={`node-${data.id}`}
      title={summary}
    >
      {receives && <Handle type="target" position={Position.Left} aria-label={`${c.name} input`} />}
      <div className="node-head">
        <span className="node-icon">
          <KindIcon kind={c.kind} />
        </span>
        <div className="node-titles">
          <div className="kind">{KIND_LABEL[c.kind]}</div>
          <div className="name">{c.name}</div>
        </div>
        {data.utilization !== null && <UtilizationRing value={data.utilization} />}
      </div>
      <div className="params">{keyParams(c)}</div>
      <div className="node-figures">
        {(data.arrivalRps ?? 0) > 0 && c.kind !== 'source' && (
          <span className="badge" data-testid={`rps-${data.id}`}>
            {formatRate(data.arrivalRps ?? 0)}
          </span>
        )}
        {(data.arrivalRps ?? 0) > 0 && data.meanResponseMs !== null && c.kind !== 'source' && (
          <span
            className={`badge latency${Number.isFinite(data.meanResponseMs) ? '' : ' saturated'}`}
            data-testid={`latency-${data.id}`}
            title="Mean response time per visit, downstream calls included (analytic)"
          >
            {Number.isFinite(data.meanResponseMs) ? `mean ${formatMs(data.meanResponseMs)}` : 'saturated'}
          </span>
        )}
        {data.p99Ms !== null && (
          <span
            className={`badge latency p99${Number.isFinite(data.p99Ms) ? '' : ' saturated'}`}
            data-testid={`p99-${data.id}`}
            title="End-to-end 99th percentile latency of this source's requests (analytic)"
          >
            {Number.isFinite(data.p99Ms) ? `p99 ${formatMs(data.p99Ms)}` : 'p99 saturated'}
          </span>
        )}
        {data.utilization !== null && (
          <span className="sr-only" data-testid={`util-${data.id}`}>
            {formatPercent(data.utilization)}
          </span>
        )}
        {data.bottleneck && (
          <span
            className={`badge ${(data.utilization ?? 0) >= 0.7 ? 'bottleneck-tag' : 'busiest-tag'}`}
            data-testid="bottleneck-badge"
          >
            bottleneck
          </span>
        )}
        {errors.length > 0 && (
          <span
            className="badge problem"
            title={errors.map((e) => e.message).join('\n')}
            data-testid={`problems-${data.id}`}
          >
            {errors.length} problem{errors.length === 1 ? '' : 's'}
          </span>
        )}
        {errors.length === 0 && warnings > 0 && (
          <span className="badge warning">
            {warnings} warning{warnings === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {sends && <Handle type="source" position={Position.Right} aria-label={`${c.name} output`} />}
    </div>
  );
}
