import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import electron, { type BrowserWindow as Window, type Rectangle } from 'electron';
import { channelOf, type MenuCommand } from '../../shared/api/contract.js';
import { electronReportHooks } from '../report/electron.js';
import { createServices, type HostHooks, type Services } from '../services/services.js';
import { readTopologyFile } from '../services/topology-files.js';
import { HEADROOM_VERSION } from '../version.js';
import { forwardEvents, isTrustedUrl, registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { windowOptions } from './window.js';

const { app, BrowserWindow, Menu, dialog, ipcMain, session, shell } = electron;

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '..', '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();
const preloadPath = join(here, 'preload.cjs');
const DOCS_URL = 'https://github.com/headroom-dev/headroom#readme';

/** better-sqlite3 built for Electron's ABI by scripts/rebuild-native.mjs (Node tests use the default build). */
function electronNativeBinding(): string | undefined {
  const dev = join(
    here,
    '..',
    '..',
    '..',
    '.electron-native',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  return existsSync(dev) ? dev : undefined;
}

/** The first `*.headroom.json` among command-line arguments (file association, `headroom-app file`). */
export const fileArgument = (argv: readonly string[]): string | undefined =>
  argv.slice(1).find((a) => a.endsWith('.headroom.json') && !a.startsWith('-'));

/** Starts the desktop app; exported so the fake-electron test can boot it. */
export async function startApp(
  argv: readonly string[] = process.argv,
): Promise<{ services: Services; window: Window; quit: () => Promise<void> }> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    throw new Error('another Headroom window is already open');
  }
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  /** The window, once created (the hooks are created before it). */
  const ref: { win?: Window } = {};
  let dirty = false;
  let closeAfterSave = false;
  let closing = false;

  const hooks: HostHooks = {
    ...electronReportHooks({
      createWindow: (options) => new BrowserWindow(options),
      showSaveDialog: (options) => dialog.showSaveDialog(ref.win as Window, options),
    }),
    async openDialog() {
      const r = await dialog.showOpenDialog(ref.win as Window, {
        title: 'Open topology',
        properties: ['openFile'],
        filters: [{ name: 'Headroom topology', extensions: ['headroom.json'] }],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveDialog(suggestedName) {
      const r = await dialog.showSaveDialog(ref.win as Window, {
        title: 'Save topology',
        defaultPath: suggestedName,
        filters: [{ name: 'Headroom topology', extensions: ['headroom.json'] }],
      });
      return r.canceled ? null : (r.filePath ?? null);
    },
    setTitle(title, isDirty) {
      dirty = isDirty;
      const win = ref.win;
      if (!win || win.isDestroyed()) return;
      win.setTitle(`${isDirty ? '• ' : ''}${title} — Headroom`);
      win.setDocumentEdited(isDirty);
      if (closeAfterSave && !isDirty) {
        closing = true;
        win.close();
      }
    },
  };

  const services = createServices({
    dataDir: app.getPath('userData'),
    host: 'electron',
    hooks,
    nativeBinding: electronNativeBinding(),
  });
  const offIpc = registerIpc(ipcMain, services, rendererUrl);

  const saved = services.store.getPreference<Rectangle>('window.bounds');
  const window = new BrowserWindow({ ...windowOptions(preloadPath), ...(saved ?? {}) });
  ref.win = window;
  const send = (command: MenuCommand) => window.webContents.send(channelOf('menu.command'), { command });
  const openPath = (path: string) =>
    void readTopologyFile(path).then(
      (file) => {
        services.store.touchRecent(path);
        window.webContents.send(channelOf('file.openRequest'), file);
        buildMenu();
      },
      (error: Error) => dialog.showErrorBox('Cannot open the file', error.message),
    );
  const buildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          command: send,
          openRecent: openPath,
          recent: services.store.listRecent().map((r) => r.path),
          about: () =>
            void dialog.showMessageBox(window, {
              type: 'info',
              title: 'About Headroom',
              message: `Headroom ${HEADROOM_VERSION}`,
              detail: 'API traffic simulator and capacity planner.',
            }),
          docs: () => void shell.openExternal(DOCS_URL),
          quit: () => app.quit(),
        }),
      ),
    );
  buildMenu();

  const offEvents = forwardEvents(services, () => (window.isDestroyed() ? undefined : window.webContents));
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, rendererUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('close', (event) => {
    services.store.setPreference('window.bounds', window.getNormalBounds());
    if (!dirty || closing) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: 'Save the changes to this design before closing?',
      detail: 'Your changes are lost if you do not save them.',
    });
    if (choice === 0) {
      closeAfterSave = true;
      send('file.save');
    } else if (choice === 1) {
      closing = true;
      window.close();
    }
  });
  app.on('second-instance', (_event, secondArgv) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    const file = fileArgument(secondArgv);
    if (file) openPath(file);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openPath(path);
  });
  await window.loadFile(rendererIndex);
  const initial = fileArgument(argv);
  if (initial) openPath(initial);

  const quit = async () => {
    offEvents();
    offIpc();
    await services.close();
  };
  app.on('window-all-closed', () => {
    void quit().then(() => app.quit());
  });
  return { services, window, quit };
}

if (process.versions.electron) {
  startApp().catch((error: Error) => {
    dialog.showErrorBox('Headroom could not start', error.message);
    app.exit(1);
  });
}
