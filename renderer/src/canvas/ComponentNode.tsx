import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { Component } from '../../../shared/topology/index.js';
import type { ComponentNodeData } from './graph.js';

const KIND_LABEL: Record<string, string> = {
  source: 'Traffic source',
  gateway: 'API gateway',
  loadBalancer: 'Load balancer',
  service: 'Service pool',
  cache: 'Cache',
  database: 'Database',
  queue: 'Queue',
  autoscaler: 'Autoscaler',
  serverless: 'Serverless',
  external: 'External API',
};

/** A short line of the component's key parameters. */
function keyParams(c: Component): string {
  const r = c as unknown as Record<string, unknown>;
  const parts: string[] = [];
  const workload = r.workload as { type?: string; rateRps?: number; users?: number } | undefined;
  if (workload?.type === 'open' && typeof workload.rateRps === 'number')
    parts.push(`${workload.rateRps} req/s`);
  if (workload?.type === 'closed' && typeof workload.users === 'number')
    parts.push(`${workload.users} users`);
  if (typeof r.instances === 'number')
    parts.push(`${r.instances} × ${typeof r.cores === 'number' ? `${r.cores} cores` : 'instance'}`);
  if (typeof r.workers === 'number') parts.push(`${r.workers} workers`);
  if (typeof r.policy === 'string') parts.push(r.policy);
  return parts.join(' · ');
}

/** A canvas node: the kind, the name and the key parameters of one component. */
export function ComponentNode({ data, selected }: NodeProps<Node<ComponentNodeData>>) {
  const c = data.component;
  return (
    <div className={`node kind-${c.kind}${selected ? ' selected' : ''}`} data-testid={`node-${data.id}`}>
      {c.kind !== 'source' && <Handle type="target" position={Position.Left} />}
      <div className="kind">{KIND_LABEL[c.kind] ?? c.kind}</div>
      <div className="name">{c.name}</div>
      <div className="params">{keyParams(c)}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
