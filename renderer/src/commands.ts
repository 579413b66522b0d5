import { serializeTopology } from '../../shared/topology/index.js';
import { api } from './api/client.js';
import { canvasControls } from './canvas/controls.js';
import { NODE_HEIGHT, positionsOf } from './canvas/graph.js';
import { openFile, save, saveAs } from './files.js';
import {
  copyComponents,
  disconnect,
  moveNodes,
  pasteComponents,
  removeComponents,
  type Clip,
} from './model/edits.js';
import { redo, undo, useDocument } from './store/document.js';
import { useRunStore } from './store/run.js';
import { useSelection } from './store/selection.js';
import { useUi, type Theme } from './store/ui.js';

import type { Command } from './shortcuts.js';

export { commandForKey, SHORTCUTS, type Command } from './shortcuts.js';

/** The in-app clipboard (components copied with Copy or Cut). */
let clipboard: Clip | null = null;
/** How many times the current clip was pasted (each paste moves further). */
let pastes = 0;

/** Where a component without a saved position is drawn (the automatic columns). */
const fallbackPosition = (id: string) =>
  positionsOf(useDocument.getState().topology).get(id) ?? { x: 0, y: 0 };

function copySelection(): boolean {
  const ids = useSelection.getState().nodes;
  if (ids.length === 0) return false;
  clipboard = copyComponents(useDocument.getState().topology, ids, fallbackPosition);
  pastes = 0;
  return true;
}

/** Height of the area a clip covers, px (pastes go below the originals). */
function clipHeight(clip: Clip): number {
  const ys = Object.values(clip.positions).map((p) => p.y);
  return ys.length ? Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT : NODE_HEIGHT;
}

function paste(clip: Clip | null): void {
  if (!clip) return;
  pastes++;
  let ids: string[] = [];
  useDocument.getState().edit((t) => {
    const r = pasteComponents(t, clip, { x: 20 * pastes, y: (clipHeight(clip) + 40) * pastes });
    ids = r.ids;
    return r.topology;
  });
  useSelection.getState().select(ids);
}

function deleteSelection(): void {
  const { nodes, edges } = useSelection.getState();
  if (nodes.length === 0 && edges.length === 0) return;
  useDocument.getState().edit((t) => {
    let next = removeComponents(t, nodes);
    for (const e of edges) {
      const [from, to] = e.split('->') as [string, string];
      next = disconnect(next, from, to);
    }
    return next;
  });
  useSelection.getState().select([]);
}

const THEME_CYCLE: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

/** Applies a theme and, unless it was just read from the preferences, stores it. */
export function setTheme(theme: Theme, persist = true): void {
  useUi.getState().set({ theme });
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  if (persist) void api['preferences.set']({ key: 'theme', value: theme }).catch(() => undefined);
}

/** Runs one command. */
export async function runCommand(command: Command): Promise<void> {
  const ui = useUi.getState();
  switch (command) {
    case 'file.new':
      ui.set({ startOpen: true });
      return;
    case 'file.open':
      return openFile();
    case 'file.save':
      return save();
    case 'file.saveAs':
      return saveAs();
    case 'file.exportReport':
    case 'file.exportData': {
      const run = useRunStore.getState();
      if (run.phase !== 'done' || !run.runId) {
        ui.set({
          message: 'Run a simulation (or open a finished run from the history) to export its report',
        });
        return;
      }
      ui.set({ reportOpen: true });
      return;
    }
    case 'edit.undo':
      undo();
      return;
    case 'edit.redo':
      redo();
      return;
    case 'edit.copy':
      if (copySelection()) ui.set({ message: `Copied ${useSelection.getState().nodes.length} component(s)` });
      return;
    case 'edit.cut':
      if (copySelection()) deleteSelection();
      return;
    case 'edit.paste':
      paste(clipboard);
      return;
    case 'edit.duplicate': {
      const ids = useSelection.getState().nodes;
      if (ids.length === 0) return;
      const clip = copyComponents(useDocument.getState().topology, ids, fallbackPosition);
      const saved = pastes;
      pastes = 0;
      paste(clip);
      pastes = saved;
      return;
    }
    case 'edit.selectAll':
      useSelection.getState().select(Object.keys(useDocument.getState().topology.components));
      return;
    case 'edit.delete':
      deleteSelection();
      return;
    case 'view.fit':
      canvasControls()?.fit();
      return;
    case 'view.zoomIn':
      canvasControls()?.zoomIn();
      return;
    case 'view.zoomOut':
      canvasControls()?.zoomOut();
      return;
    case 'view.toggleTheme':
      setTheme(THEME_CYCLE[ui.theme]);
      return;
    case 'view.togglePalette':
      ui.set({ paletteOpen: !ui.paletteOpen });
      return;
    case 'view.toggleSide':
      ui.set({ sideOpen: !ui.sideOpen });
      return;
    case 'view.autoLayout': {
      const t = useDocument.getState().topology;
      const { autoLayout } = await import('./canvas/layout.js');
      const positions = await autoLayout(t);
      useDocument.getState().edit((cur) => moveNodes(cur, positions));
      setTimeout(() => canvasControls()?.fit(), 50);
      return;
    }
    case 'simulation.run': {
      const run = useRunStore.getState();
      if (run.phase === 'starting' || run.phase === 'running') return;
      ui.set({ tab: 'results', sideOpen: true });
      await run.start(serializeTopology(useDocument.getState().topology));
      return;
    }
    case 'simulation.stop':
      await useRunStore.getState().stop();
      return;
    case 'simulation.plan':
      ui.set({ tab: 'plan', sideOpen: true });
      return;
    case 'simulation.prices':
      ui.set({ pricesOpen: true });
      return;
    case 'help.about':
      ui.set({ message: 'Headroom — API traffic simulator and capacity planner' });
      return;
    case 'help.docs':
      ui.set({ message: 'Documentation: docs/ in the Headroom repository' });
      return;
  }
}
