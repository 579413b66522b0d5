import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api/contract.js';

/** The Edit menu's commands: native text editing in a text field, the canvas's own command elsewhere. */
export type EditCommand = Extract<MenuCommand, `edit.${string}`>;

export interface MenuActions {
  /** Sends a command to the renderer, which owns the document. */
  command(command: MenuCommand): void;
  /** An Edit command: main decides between the text field's native editing and the canvas command. */
  edit(command: EditCommand): void;
  openRecent(path: string): void;
  recent: readonly string[];
  about(): void;
  docs(): void;
  quit(): void;
}

/** The native menu: File, Edit, View, Simulation, Help, with the usual accelerators. */
export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.command(command),
  });
  const edit = (label: string, command: EditCommand, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.edit(command),
  });
  const recent: MenuItemConstructorOptions[] = actions.recent.length
    ? actions.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent files', enabled: false }];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        cmd('New', 'file.new', 'CmdOrCtrl+N'),
        cmd('Open…', 'file.open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        cmd('Save', 'file.save', 'CmdOrCtrl+S'),
        cmd('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        cmd('Export Report…', 'file.exportReport', 'CmdOrCtrl+E'),
        cmd('Export Data…', 'file.exportData'),
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        edit('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        edit('Redo', 'edit.redo', platform === 'darwin' ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        edit('Cut', 'edit.cut', 'CmdOrCtrl+X'),
        edit('Copy', 'edit.copy', 'CmdOrCtrl+C'),
        edit('Paste', 'edit.paste', 'CmdOrCtrl+V'),
        edit('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
        edit('Delete', 'edit.delete', 'Delete'),
      ],
    },
    {
      label: 'View',
      submenu: [
        cmd('Fit to Window', 'view.fit', 'CmdOrCtrl+0'),
        cmd('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        cmd('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        { type: 'separator' },
        cmd('Toggle Theme', 'view.toggleTheme'),
        cmd('Toggle Palette', 'view.togglePalette', 'CmdOrCtrl+1'),
        cmd('Toggle Side Panel', 'view.toggleSide', 'CmdOrCtrl+2'),
        { type: 'separator' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: 'Simulation',
      submenu: [
        cmd('Run', 'simulation.run', 'F5'),
        cmd('Stop', 'simulation.stop', 'Shift+F5'),
        { type: 'separator' },
        cmd('Plan…', 'simulation.plan', 'CmdOrCtrl+P'),
        cmd('Price Catalog…', 'simulation.prices'),
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'About Headroom', click: () => actions.about() },
        { label: 'Documentation', click: () => actions.docs() },
      ],
    },
  ];
}
