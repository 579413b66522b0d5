import { create } from 'zustand';
import type { Issue } from '../../../shared/topology/index.js';

export type SideTab = 'inspector' | 'problems' | 'results' | 'history' | 'plan';
export type Theme = 'system' | 'light' | 'dark';

/** A file that failed to open: its name and its problems. */
export interface OpenFailure {
  name: string;
  errors: Issue[];
}

interface UiState {
  tab: SideTab;
  theme: Theme;
  paletteOpen: boolean;
  sideOpen: boolean;
  startOpen: boolean;
  /** The export report dialog (for the run shown in the results). */
  reportOpen: boolean;
  /** The Prices dialog (Simulation → Price Catalog…). */
  pricesOpen: boolean;
  openFailure: OpenFailure | null;
  /** The unsaved-changes prompt before the document is replaced: the document's name. */
  unsavedPrompt: { name: string } | null;
  /** Unsaved work found on start: its text, path and time. */
  recovery: { text: string; filePath: string | null; savedAt: string } | null;
  /** A short message in the status bar (e.g. why a connection was refused). */
  message: string | null;
  /** Bumped to ask the canvas to fit the view once the nodes are measured (new or opened document). */
  fitRequest: number;
  set(patch: Partial<Omit<UiState, 'set'>>): void;
}

/** The UI slice: panels, dialogs, theme, messages. */
export const useUi = create<UiState>((set) => ({
  tab: 'inspector',
  theme: 'system',
  paletteOpen: true,
  sideOpen: true,
  startOpen: false,
  reportOpen: false,
  pricesOpen: false,
  openFailure: null,
  unsavedPrompt: null,
  recovery: null,
  message: null,
  fitRequest: 0,
  set: (patch) => set(patch),
}));
