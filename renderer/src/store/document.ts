import { temporal } from 'zundo';
import { create } from 'zustand';
import type { Topology } from '../../../shared/topology/index.js';

/** An empty document (also the one behind the start screen at launch). */
export const blankTopology = (): Topology => ({ schemaVersion: 1, name: 'Untitled design', components: {} });

interface DocumentState {
  /** The document: the topology model from shared/, the only copy of the truth. */
  topology: Topology;
  /** The version last saved or opened (dirty = topology differs from it by identity). */
  saved: Topology;
  /** Path of the file it was opened from or saved to; null for a new document. */
  filePath: string | null;
  /** Replaces the document (new, open, recover) and forgets the undo history. */
  replace(topology: Topology, filePath: string | null, opts?: { dirty?: boolean }): void;
  /**
   * Applies one edit (one undo step). Edits with the same `coalesce` key less than a second apart
   * (keystrokes in one field) share one undo step.
   */
  edit(fn: (t: Topology) => Topology, coalesce?: string): void;
  /** Records that the current version was saved to `filePath`. */
  markSaved(filePath: string | null): void;
}

/** Keystrokes in one field closer than this share an undo step, ms. */
const COALESCE_MS = 1000;
/** The last edit's coalescing key and wall time (ms). */
let lastEdit: { key: string | undefined; at: number } = { key: undefined, at: 0 };

/** True when the document differs from the version last saved or opened. */
export const isDirty = (s: Pick<DocumentState, 'topology' | 'saved'>) => s.topology !== s.saved;

/** The document slice, with undo/redo of every edit (zundo). */
export const useDocument = create<DocumentState>()(
  temporal(
    (set) => {
      const initial = blankTopology();
      return {
        topology: initial,
        saved: initial,
        filePath: null,
        replace: (topology, filePath, opts) => {
          lastEdit = { key: undefined, at: 0 };
          set({ topology, filePath, saved: opts?.dirty ? blankTopology() : topology });
          useDocument.temporal.getState().clear();
        },
        edit: (fn, coalesce) => {
          const now = Date.now();
          const merge =
            coalesce !== undefined && coalesce === lastEdit.key && now - lastEdit.at < COALESCE_MS;
          lastEdit = { key: coalesce, at: now };
          const temporalState = useDocument.temporal.getState();
          if (merge) temporalState.pause();
          set((s) => {
            const next = fn(s.topology);
            return next === s.topology ? s : { topology: next };
          });
          if (merge) temporalState.resume();
        },
        markSaved: (filePath) => set((s) => ({ saved: s.topology, filePath })),
      };
    },
    {
      partialize: (s) => ({ topology: s.topology }),
      equality: (a, b) => a.topology === b.topology,
      limit: 200,
    },
  ),
);

/** Undoes the last edit. */
export const undo = () => useDocument.temporal.getState().undo();
/** Redoes the last undone edit. */
export const redo = () => useDocument.temporal.getState().redo();
