import { temporal } from 'zundo';
import { create } from 'zustand';
import type { Topology } from '../../../shared/topology/index.js';
import { getTemplate } from '../../../shared/templates/index.js';

/** A new document starts as the smallest template: clients → API pool → database. */
export const starterTopology = (): Topology => {
  const template = getTemplate('single-service-db');
  if (!template) throw new Error('the single-service-db template is missing');
  return template.topology;
};

interface DocumentState {
  /** The document: the topology model from shared/, the only copy of the truth. */
  topology: Topology;
  /** Path of the file it was opened from or saved to; null for a new document. */
  filePath: string | null;
  /** True when the document differs from its file. */
  dirty: boolean;
  replace(topology: Topology, filePath: string | null): void;
  /** Moves a node on the canvas (layout only; the model is unchanged). */
  moveNode(id: string, position: { x: number; y: number }): void;
}

/** The document slice, with undo/redo of every edit (zundo). */
export const useDocument = create<DocumentState>()(
  temporal(
    (set) => ({
      topology: starterTopology(),
      filePath: null,
      dirty: false,
      replace: (topology, filePath) => set({ topology, filePath, dirty: false }),
      moveNode: (id, position) =>
        set((s) => ({
          dirty: true,
          topology: {
            ...s.topology,
            layout: {
              ...s.topology.layout,
              nodes: {
                ...s.topology.layout?.nodes,
                [id]: { x: Math.round(position.x), y: Math.round(position.y) },
              },
            },
          },
        })),
    }),
    { partialize: (s) => ({ topology: s.topology }), limit: 200 },
  ),
);
