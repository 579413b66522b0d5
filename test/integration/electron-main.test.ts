import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf } from '../../shared/api/contract.js';
import { createFakeElectron } from '../helpers/fake-electron.js';
import { templateText } from '../helpers/topologies.js';

const dataDir = mkdtempSync(join(tmpdir(), 'headroom-electron-'));
const fake = createFakeElectron(dataDir);
vi.mock('electron', () => ({ default: fake.electron }));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type MenuItem = {
  label?: string;
  role?: string;
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
};

const boot = async (argv: string[] = ['electron']) => {
  const { startApp } = await import('../../main/electron/main.js');
  fake.handlers.clear();
  const app = await startApp(argv);
  const win = fake.windows.at(-1);
  if (!win) throw new Error('no window');
  return { app, win };
};

describe('Electron main against a fake electron module', () => {
  it('starts and quits: one handler per API method, a secure window, permissions denied', async () => {
    const { app, win } = await boot();
    expect([...fake.handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(win.loadedFile).toMatch(/renderer[/\\]index\.html$/);

    let granted: boolean | undefined;
    fake.permissionHandler?.({}, 'geolocation', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigation = { prevented: false, preventDefault: () => (navigation.prevented = true) };
    win.webContents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.prevented).toBe(true);
    const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    await app.quit();
  });

  it('answers a call from its own main frame and refuses one from elsewhere or with junk', async () => {
    const { app, win } = await boot();
    const call = fake.handlers.get(channelOf('app.info'));
    const fromOwnFrame = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await call?.(fromOwnFrame, {})).toMatchObject({
      ok: true,
      result: { host: 'electron', nativeDialogs: true },
    });
    const fromElsewhere = { sender: win.webContents, senderFrame: { url: 'https://evil.example/' } };
    expect(await call?.(fromElsewhere, {})).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
    expect(await call?.(fromOwnFrame, { extra: 1 })).toEqual({
      ok: false,
      error: expect.stringMatching(/extra/),
    });
    await app.quit();
  });

  it('builds the native menu with the usual commands and accelerators, sent to the renderer', async () => {
    const { app, win } = await boot();
    const template = fake.menu?.template as MenuItem[];
    const top = template.map((m) => m.label ?? m.role);
    expect(top).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Simulation', 'Help']));
    const items = (label: string) =>
      (template.find((m) => m.label === label)?.submenu ?? []).map((i) => i.label ?? i.role);
    expect(items('File')).toEqual(
      expect.arrayContaining([
        'New',
        'Open…',
        'Open Recent',
        'Save',
        'Save As…',
        'Export Report…',
        'Export Data…',
        'Quit',
      ]),
    );
    expect(items('Edit')).toEqual(
      expect.arrayContaining(['Undo', 'Redo', 'cut', 'copy', 'paste', 'selectAll', 'Delete']),
    );
    expect(items('Simulation')).toEqual(['Run', 'Stop', undefined, 'Plan…']);
    const save = template.find((m) => m.label === 'File')?.submenu?.find((i) => i.label === 'Save');
    expect(save?.accelerator).toBe('CmdOrCtrl+S');
    save?.click?.();
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: channelOf('menu.command'),
      payload: { command: 'file.save' },
    });
    await app.quit();
  });

  it('shows the dirty marker and asks before closing unsaved changes', async () => {
    const { app, win } = await boot();
    const setTitle = fake.handlers.get(channelOf('window.setTitle'));
    const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    await setTitle?.(own, { title: 'Orders API', dirty: true });
    expect(win.title).toBe('• Orders API — Headroom');
    expect(win.documentEdited).toBe(true);

    fake.answers.messageBox = 2; // Cancel
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(fake.shownMessages.at(-1)).toMatch(/Save the changes/);

    fake.answers.messageBox = 0; // Save: the renderer saves, then reports a clean document, then the window closes
    win.close();
    expect(win.webContents.sent.at(-1)?.payload).toEqual({ command: 'file.save' });
    expect(win.isDestroyed()).toBe(false);
    await setTitle?.(own, { title: 'Orders API', dirty: false });
    expect(win.isDestroyed()).toBe(true);
    await app.quit();
  });

  it('remembers the window bounds and opens a file given on the command line', async () => {
    const file = join(dataDir, 'given.headroom.json');
    writeFileSync(file, templateText());
    const { app, win } = await boot(['electron', '.', file]);
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
    await vi.waitFor(() =>
      expect(win.webContents.sent.find((m) => m.channel === channelOf('file.openRequest'))).toBeDefined(),
    );
    expect(win.webContents.sent.find((m) => m.channel === channelOf('file.openRequest'))?.payload).toEqual({
      path: file,
      text: templateText(),
    });
    await app.quit();
  });

  it('exports a PDF report through a hidden, script-less window and the native save dialog', async () => {
    const { app, win } = await boot();
    const frame = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const call = (method: string, args: unknown) =>
      fake.handlers.get(channelOf(method as never))?.(frame, args);
    const started = (await call('runs.start', {
      topologyText: templateText(),
      options: { seed: 3, durationS: 5, warmupS: 1, replications: 1 },
    })) as { ok: true; result: { runId: string } };
    await app.services.idle();
    const pdf = join(dataDir, 'exported.pdf');
    fake.answers.savePath = pdf;
    expect(await call('reports.export', { runId: started.result.runId, format: 'pdf' })).toMatchObject({
      ok: true,
      result: { paths: [pdf] },
    });
    const printer = fake.windows.at(-1);
    expect(printer).not.toBe(win);
    expect(printer?.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true },
    });
    expect(printer?.webContents.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true });
    expect(printer?.isDestroyed()).toBe(true);
    expect(readFileSync(pdf, 'latin1')).toMatch(/^%PDF-fake \d+$/);
    fake.answers.savePath = undefined;
    await app.quit();
  });
});
