import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import electron, { type BrowserWindow as Window, type Rectangle, type WebContents } from 'electron';
import { channelOf, type MenuCommand } from '../../shared/api/contract.js';
import { electronReportHooks } from '../report/electron.js';
import { createServices, type HostHooks, type Services } from '../services/services.js';
import { readTopologyFile } from '../services/topology-files.js';
import { HEADROOM_VERSION } from '../version.js';
import { forwardEvents, isTrustedUrl, registerIpc } from './ipc.js';
import { menuTemplate, type EditCommand } from './menu.js';
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

/** True when the page's focus is in a text field, where the Edit menu edits the text natively. */
export const FOCUS_IN_TEXT = `(() => {
  const e = document.activeElement;
  return !!e && (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA' || e.tagName === 'SELECT' || e.isContentEditable);
})()`;

/** Chromium's own editing command for each Edit menu item, used inside text fields. */
const NATIVE_EDIT: Record<EditCommand, (wc: WebContents) => void> = {
  'edit.undo': (wc) => wc.undo(),
  'edit.redo': (wc) => wc.redo(),
  'edit.cut': (wc) => wc.cut(),
  'edit.copy': (wc) => wc.copy(),
  'edit.paste': (wc) => wc.paste(),
  'edit.selectAll': (wc) => wc.selectAll(),
  'edit.delete': (wc) => wc.delete(),
};

/** Thrown when another instance holds the single-instance lock (that instance opens the file instead). */
export class SecondInstance extends Error {
  constructor() {
    super('another Headroom window is already open');
  }
}

/** The first `*.headroom.json` among command-line arguments (file association, `headroom-app file`). */
export const fileArgument = (argv: readonly string[]): string | undefined =>
  argv.slice(1).find((a) => a.endsWith('.headroom.json') && !a.startsWith('-'));

/** Starts the desktop app; exported so the fake-electron test can boot it. */
export async function startApp(
  argv: readonly string[] = process.argv,
): Promise<{ services: Services; window: Window; quit: () => Promise<void> }> {
  // $HEADROOM_DATA_DIR moves the app's data (SQLite, Chromium profile, single-instance lock) elsewhere.
  if (process.env.HEADROOM_DATA_DIR) app.setPath('userData', process.env.HEADROOM_DATA_DIR);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    throw new SecondInstance();
  }
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  /** The window, once created (the hooks are created before it). */
  const ref: { win?: Window } = {};
  let dirty = false;
  /** The user chose Save in the close prompt: close once the document is clean. */
  let closeAfterSave = false;
  let closing = false;
  /** The window closed through its close handler (clean, saved or discarded), not by a crash. */
  let closedCleanly = false;
  /** The page has asked for files.pendingOpen, so open requests can go to it as events. */
  let pageListening = false;
  /** A file the OS asked to open before the page listened. */
  let pendingOpen: { path: string; text: string } | null = null;

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
    takePendingOpen() {
      pageListening = true;
      const file = pendingOpen;
      pendingOpen = null;
      return file;
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
  const offIpc = registerIpc(ipcMain, services, rendererUrl, (method, reply) => {
    // Save on close ends without saving when Save As is cancelled or the write fails: close no more.
    const cancelled = method === 'files.saveDialog' && reply.ok && reply.result === null;
    if ((cancelled || (method === 'files.save' && !reply.ok)) && closeAfterSave) closeAfterSave = false;
  });

  const saved = services.store.getPreference<Rectangle>('window.bounds');
  const window = new BrowserWindow({ ...windowOptions(preloadPath), ...(saved ?? {}) });
  ref.win = window;
  const send = (command: MenuCommand) => window.webContents.send(channelOf('menu.command'), { command });
  const edit = async (command: EditCommand) => {
    const wc = window.webContents;
    const inText = await wc.executeJavaScript(FOCUS_IN_TEXT).then(
      (v: unknown) => v === true,
      () => false,
    );
    if (inText) NATIVE_EDIT[command](wc);
    else send(command);
  };
  const openPath = (path: string) =>
    void readTopologyFile(path).then(
      (file) => {
        services.store.touchRecent(path);
        if (pageListening) window.webContents.send(channelOf('file.openRequest'), file);
        else pendingOpen = file;
        buildMenu();
      },
      (error: Error) => dialog.showErrorBox('Cannot open the file', error.message),
    );
  const buildMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          command: send,
          edit: (command) => void edit(command),
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
  // A reload starts a page that has not subscribed yet: hold open requests for it again.
  window.webContents.on('did-start-loading', () => {
    pageListening = false;
  });
  window.on('close', (event) => {
    services.store.setPreference('window.bounds', window.getNormalBounds());
    if (!dirty || closing) {
      // Clean, saved or discarded: nothing to recover on the next start.
      closedCleanly = true;
      services.store.clearAutosave();
      return;
    }
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
  const onSecondInstance = (_event: unknown, secondArgv: string[]) => {
    if (window.isMinimized()) window.restore();
    window.focus();
    const file = fileArgument(secondArgv);
    if (file) openPath(file);
  };
  const onOpenFile = (event: { preventDefault(): void }, path: string) => {
    event.preventDefault();
    openPath(path);
  };
  app.on('second-instance', onSecondInstance);
  app.on('open-file', onOpenFile);
  await window.loadFile(rendererIndex);
  const initial = fileArgument(argv);
  if (initial) openPath(initial);

  const quit = async () => {
    app.removeListener('second-instance', onSecondInstance);
    app.removeListener('open-file', onOpenFile);
    app.removeListener('window-all-closed', onAllClosed);
    offEvents();
    offIpc();
    // An autosave the page sent while the window was closing must not bring discarded work back.
    if (closedCleanly) services.store.clearAutosave();
    await services.close();
  };
  const onAllClosed = () => void quit().then(() => app.quit());
  app.on('window-all-closed', onAllClosed);
  return { services, window, quit };
}

if (process.versions.electron) {
  startApp().catch((error: Error) => {
    if (error instanceof SecondInstance) return;
    dialog.showErrorBox('Headroom could not start', error.message);
    app.exit(1);
  });
}
