import { create } from 'zustand';

interface SelectionState {
  /** Selected component ids. */
  nodes: string[];
  /** Selected edge ids (`from->to`). */
  edges: string[];
  select(nodes: string[], edges?: string[]): void;
}

/** The selection slice (canvas and inspector). */
export const useSelection = create<SelectionState>((set) => ({
  nodes: [],
  edges: [],
  select: (nodes, edges = []) => set({ nodes, edges }),
}));
