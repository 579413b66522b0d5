import { Background, Controls, MiniMap, ReactFlow, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useDocument } from '../store/document.js';
import { ComponentNode } from './ComponentNode.js';
import { toGraph } from './graph.js';

const nodeTypes = { component: ComponentNode };

/** The topology canvas; nodes and edges are derived from the document on every change. */
export function Canvas() {
  const topology = useDocument((s) => s.topology);
  const moveNode = useDocument((s) => s.moveNode);
  const { nodes, edges } = useMemo(() => toGraph(topology), [topology]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      for (const change of changes) {
        if (change.type === 'position' && change.position) moveNode(change.id, change.position);
      }
    },
    [moveNode],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      fitView
      snapToGrid
      snapGrid={[10, 10]}
      proOptions={{ hideAttribution: true }}
      aria-label="Topology canvas"
    >
      <Background gap={20} />
      <MiniMap pannable zoomable />
      <Controls />
    </ReactFlow>
  );
}
