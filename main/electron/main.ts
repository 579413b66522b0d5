import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import electron from 'electron';
import { createServices, type Services } from '../services/services.js';
import { forwardEvents, isTrustedUrl, registerIpc } from './ipc.js';
import { windowOptions } from './window.js';

const { app, BrowserWindow, ipcMain, session, shell } = electron;

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '..', '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();
const preloadPath = join(here, 'preload.cjs');

/** better-sqlite3 built for Electron's ABI by `npm run rebuild:electron` (Node tests use the default build). */
function electronNativeBinding(): string | undefined {
  const candidates = [
    join(
      process.resourcesPath ?? '',
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    ),
    join(
      here,
      '..',
      '..',
      '..',
      '.electron-native',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    ),
  ];
  return candidates.find((p) => existsSync(p));
}

/** Starts the desktop app; exported so the fake-electron test can boot it. */
export async function startApp(): Promise<{ services: Services; quit: () => Promise<void> }> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    throw new Error('another Headroom window is already open');
  }
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const services = createServices({
    dataDir: app.getPath('userData'),
    host: 'electron',
    nativeBinding: electronNativeBinding(),
  });
  const offIpc = registerIpc(ipcMain, services, rendererUrl);

  const win = new BrowserWindow(windowOptions(preloadPath));
  const offEvents = forwardEvents(services, () => (win.isDestroyed() ? undefined : win.webContents));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, rendererUrl)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  await win.loadFile(rendererIndex);

  const quit = async () => {
    offEvents();
    offIpc();
    await services.close();
  };
  app.on('window-all-closed', () => {
    void quit().then(() => app.quit());
  });
  return { services, quit };
}

if (process.versions.electron) {
  startApp().catch((error: Error) => {
    electron.dialog.showErrorBox('Headroom could not start', error.message);
    app.exit(1);
  });
}
