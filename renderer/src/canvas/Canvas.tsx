import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ComponentKind } from '../../../shared/topology/index.js';
import { addComponent, connect, connectionProblem, moveNodes, type Point } from '../model/edits.js';
import { useAnalysis } from '../store/analysis.js';
import { useDocument } from '../store/document.js';
import { useSelection } from '../store/selection.js';
import { useUi } from '../store/ui.js';
import { ComponentNode } from './ComponentNode.js';
import { registerCanvas } from './controls.js';
import { NODE_HEIGHT, NODE_WIDTH, toGraph, type ComponentNodeData } from './graph.js';

const nodeTypes = { component: ComponentNode };

/** MIME type of a palette item being dragged: JSON `{ kind, preset? }`. */
export const PALETTE_MIME = 'application/x-headroom-component';

const GRID = 10;

function FlowCanvas() {
  const topology = useDocument((s) => s.topology);
  const edit = useDocument((s) => s.edit);
  const analysis = useAnalysis();
  const selection = useSelection();
  const setUi = useUi((s) => s.set);
  const flow = useReactFlow();
  /** Positions of nodes being dragged (committed to the document when the drag ends: one undo step). */
  const [overlay, setOverlay] = useState<Map<string, Point>>(new Map());
  /** Sizes xyflow measured, kept on the derived nodes (without them xyflow hides and re-measures every node). */
  const [measured, setMeasured] = useState<Map<string, { width: number; height: number }>>(new Map());

  const { nodes, edges } = useMemo(
    () =>
      toGraph(
        topology,
        analysis.estimate,
        analysis.issues,
        selection.nodes,
        selection.edges,
        overlay,
        measured,
      ),
    [topology, analysis, selection.nodes, selection.edges, overlay, measured],
  );

  // Fit the view when a document is loaded, as soon as all of its nodes have been measured.
  const fitRequest = useUi((s) => s.fitRequest);
  const allMeasured = Object.keys(topology.components).every((id) => measured.has(id));
  const pendingFit = useRef(0);
  useEffect(() => {
    if (fitRequest === pendingFit.current || !allMeasured) return;
    const frame = requestAnimationFrame(() => {
      pendingFit.current = fitRequest;
      if (Object.keys(topology.components).length === 0) void flow.setViewport({ x: 0, y: 0, zoom: 1 });
      else void flow.fitView({ padding: 0.12, maxZoom: 1.1 });
    });
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, allMeasured, flow, topology]);

  useEffect(() => {
    registerCanvas({
      fit: () => void flow.fitView({ padding: 0.12, maxZoom: 1.1, duration: 200 }),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      center: () => {
        const el = document.querySelector('.react-flow');
        const r = el?.getBoundingClientRect();
        const p = flow.screenToFlowPosition({
          x: (r?.left ?? 0) + (r?.width ?? 800) / 2,
          y: (r?.top ?? 0) + (r?.height ?? 600) / 2,
        });
        return { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 };
      },
    });
    return () => registerCanvas(null);
  }, [flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<Node<ComponentNodeData>>[]) => {
      const moving = new Map(overlay);
      const done: Record<string, Point> = {};
      let selectionChanged = false;
      let moved = false;
      let sized: Map<string, { width: number; height: number }> | null = null;
      const selected = new Set(useSelection.getState().nodes);
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions) {
          sized ??= new Map(measured);
          sized.set(change.id, change.dimensions);
        } else if (change.type === 'position') {
          moved = true;
          if (change.position) moving.set(change.id, change.position);
          // A drag ends with dragging false; keyboard moves (arrow keys) come without dragging: commit both.
          if (change.dragging !== true) {
            const p = moving.get(change.id);
            if (p) done[change.id] = p;
            moving.delete(change.id);
          }
        } else if (change.type === 'select') {
          selectionChanged = true;
          if (change.selected) selected.add(change.id);
          else selected.delete(change.id);
        }
      }
      if (Object.keys(done).length > 0) edit((t) => moveNodes(t, done));
      if (moved) setOverlay(moving);
      if (sized) setMeasured(sized);
      if (selectionChanged) useSelection.getState().select([...selected], useSelection.getState().edges);
    },
    [overlay, measured, edit],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selected = new Set(useSelection.getState().edges);
    let changed = false;
    for (const change of changes)
      if (change.type === 'select') {
        changed = true;
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
    if (changed) useSelection.getState().select(useSelection.getState().nodes, [...selected]);
  }, []);

  const onConnect = useCallback(
    (c: Connection) => {
      let message: string | null = null;
      edit((t) => {
        const r = connect(t, c.source, c.target);
        if ('error' in r) {
          message = `Cannot connect: ${r.error}`;
          return t;
        }
        return r.topology;
      });
      setUi({ message });
    },
    [edit, setUi],
  );

  const isValidConnection = useCallback(
    (c: Connection | { source: string; target: string }) =>
      connectionProblem(useDocument.getState().topology, c.source, c.target) === null,
    [],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const raw = e.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      e.preventDefault();
      const { kind, preset } = JSON.parse(raw) as { kind: ComponentKind; preset?: string };
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = {
        x: Math.round((p.x - NODE_WIDTH / 2) / GRID) * GRID,
        y: Math.round((p.y - NODE_HEIGHT / 2) / GRID) * GRID,
      };
      let added = '';
      edit((t) => {
        const r = addComponent(t, kind, at, preset);
        added = r.id;
        return r.topology;
      });
      if (added) useSelection.getState().select([added]);
    },
    [flow, edit],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPaneClick={() => useSelection.getState().select([])}
      onNodeDoubleClick={(_, node) => {
        useSelection.getState().select([node.id]);
        setUi({ tab: 'inspector', sideOpen: true });
      }}
      onEdgeDoubleClick={(_, edge) => {
        useSelection.getState().select([], [edge.id]);
        setUi({ tab: 'inspector', sideOpen: true });
      }}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
      fitView
      fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
      snapToGrid
      snapGrid={[GRID, GRID]}
      minZoom={0.2}
      maxZoom={2.5}
      proOptions={{ hideAttribution: true }}
      aria-label="Topology canvas"
    >
      <Background gap={20} />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap"
        nodeClassName={(n) => `mini-${(n.data as ComponentNodeData).component.kind}`}
        nodeStrokeWidth={3}
      />
      <Controls aria-label="Zoom controls" />
    </ReactFlow>
  );
}

/** The topology canvas; nodes and edges are derived from the document on every change. */
export function Canvas() {
  return (
    <ReactFlowProvider>
      <FlowCanvas />
    </ReactFlowProvider>
  );
}
