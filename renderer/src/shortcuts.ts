/** Commands and their keyboard shortcuts (pure: no DOM access beyond the event's fields). */
import type { MenuCommand } from '../../shared/api/contract.js';

/** Commands of the app: the native menu's plus a few of the in-app menu. */
export type Command = MenuCommand | 'edit.duplicate' | 'view.autoLayout';

/** Keyboard shortcut → command (Ctrl on Linux/Windows, Cmd on macOS). */
export function commandForKey(e: KeyboardEvent): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.toLowerCase();
  if (mod && e.shiftKey && k === 'z') return 'edit.redo';
  if (mod && k === 'y') return 'edit.redo';
  if (mod && e.shiftKey && k === 's') return 'file.saveAs';
  if (mod && e.shiftKey && k === 'l') return 'view.autoLayout';
  if (mod && !e.shiftKey) {
    switch (k) {
      case 'z':
        return 'edit.undo';
      case 'n':
        return 'file.new';
      case 'o':
        return 'file.open';
      case 's':
        return 'file.save';
      case 'c':
        return 'edit.copy';
      case 'x':
        return 'edit.cut';
      case 'v':
        return 'edit.paste';
      case 'd':
        return 'edit.duplicate';
      case 'a':
        return 'edit.selectAll';
      case '=':
      case '+':
        return 'view.zoomIn';
      case '-':
        return 'view.zoomOut';
      case 'enter':
        return 'simulation.run';
      case 'p':
        return 'simulation.plan';
      default:
        return null;
    }
  }
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) return 'edit.delete';
  if (!mod && !e.altKey && e.shiftKey && e.key === '!') return 'view.fit';
  return null;
}

/** Shortcut shown next to each menu item. */
export const SHORTCUTS: Partial<Record<Command, string>> = {
  'file.new': 'Ctrl+N',
  'file.open': 'Ctrl+O',
  'file.save': 'Ctrl+S',
  'file.saveAs': 'Ctrl+Shift+S',
  'edit.undo': 'Ctrl+Z',
  'edit.redo': 'Ctrl+Shift+Z',
  'edit.cut': 'Ctrl+X',
  'edit.copy': 'Ctrl+C',
  'edit.paste': 'Ctrl+V',
  'edit.duplicate': 'Ctrl+D',
  'edit.selectAll': 'Ctrl+A',
  'edit.delete': 'Del',
  'view.fit': 'Shift+1',
  'view.zoomIn': 'Ctrl+=',
  'view.zoomOut': 'Ctrl+-',
  'view.autoLayout': 'Ctrl+Shift+L',
  'simulation.run': 'Ctrl+Enter',
  'simulation.plan': 'Ctrl+P',
};
