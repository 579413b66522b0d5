import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../main/report/pdf.js';
import { API_METHODS, channelOf, type ApiMethod } from '../../shared/api/contract.js';
import { Store } from '../../main/services/store.js';
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
  const frame = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  /** Calls an API method as the app's own page does. */
  const call = async (method: ApiMethod, args: unknown = {}) =>
    (await fake.handlers.get(channelOf(method))?.(frame, args)) as
      { ok: true; result: unknown } | { ok: false; error: string };
  return { app, win, call };
};

const menuItem = (top: string, label: string): MenuItem => {
  const item = (fake.menu?.template as MenuItem[])
    .find((m) => m.label === top)
    ?.submenu?.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${top} → ${label}`);
  return item;
};

const openRequests = (win: { webContents: { sent: { channel: string; payload: unknown }[] } }) =>
  win.webContents.sent.filter((m) => m.channel === channelOf('file.openRequest')).map((m) => m.payload);

/** The autosave snapshot a fresh start would offer, read from the database file itself. */
const storedAutosave = () => {
  const store = new Store({ dataDir });
  try {
    return store.getAutosave();
  } finally {
    store.close();
  }
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
    // A subframe showing the app's own page, or a frame already gone: refused (main frame only).
    const subframe = { sender: win.webContents, senderFrame: { url: win.webContents.mainFrame.url } };
    expect(await call?.(subframe, {})).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
    const gone = { sender: win.webContents, senderFrame: null };
    expect(await call?.(gone, {})).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
    // The main frame itself, once it shows another page (a remote site, another local file): refused.
    const own = win.webContents.mainFrame.url;
    for (const url of ['https://evil.example/', 'file:///tmp/other/index.html', 'not a url']) {
      win.webContents.mainFrame.url = url;
      expect(await call?.(fromOwnFrame, {})).toEqual({
        ok: false,
        error: expect.stringMatching(/forbidden/),
      });
    }
    win.webContents.mainFrame.url = own;
    expect(await call?.(fromOwnFrame, {})).toMatchObject({ ok: true });
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
    expect(items('Edit')).toEqual([
      'Undo',
      'Redo',
      undefined,
      'Cut',
      'Copy',
      'Paste',
      'Select All',
      'Delete',
    ]);
    expect(items('Simulation')).toEqual(['Run', 'Stop', undefined, 'Plan…', 'Price Catalog…']);
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

  it('Save on close, then Save As cancelled or a failed write: a later clean document does not close', async () => {
    const { app, win, call } = await boot();
    await call('window.setTitle', { title: 'Orders API', dirty: true });
    fake.answers.messageBox = 0; // Save
    win.close();
    fake.answers.savePath = undefined; // the renderer's Save As dialog is cancelled
    expect(await call('files.saveDialog', { suggestedName: 'orders.headroom.json' })).toEqual({
      ok: true,
      result: null,
    });
    await call('window.setTitle', { title: 'Orders API', dirty: false }); // e.g. undone back to clean
    expect(win.isDestroyed()).toBe(false);

    await call('window.setTitle', { title: 'Orders API', dirty: true });
    win.close(); // Save again; this time the write fails
    const unwritable = join(dataDir, 'missing-folder', 'orders.headroom.json');
    expect(await call('files.save', { path: unwritable, text: templateText() })).toMatchObject({ ok: false });
    await call('window.setTitle', { title: 'Orders API', dirty: false });
    expect(win.isDestroyed()).toBe(false);

    // Closing now asks again, since the document is dirty once more.
    await call('window.setTitle', { title: 'Orders API', dirty: true });
    const asked = fake.shownMessages.length;
    fake.answers.messageBox = 2; // Cancel
    win.close();
    expect(fake.shownMessages.length).toBe(asked + 1);
    expect(win.isDestroyed()).toBe(false);
    await app.quit();
  });

  it("Don't Save clears the autosave snapshot, also one sent while closing; a crash keeps it", async () => {
    const text = templateText();
    {
      const { app, win, call } = await boot();
      await call('autosave.put', { text, filePath: null });
      await call('window.setTitle', { title: 'Orders API', dirty: true });
      fake.answers.messageBox = 1; // Don't Save
      win.close();
      expect(win.isDestroyed()).toBe(true);
      expect(app.services.store.getAutosave()).toBeNull();
      await call('autosave.put', { text, filePath: null }); // the page's timer fired during the close
      await app.quit();
      expect(storedAutosave()).toBeNull();
    }
    {
      // Without a close (the app was killed), the snapshot stays for the recovery offer.
      const { app, call } = await boot();
      await call('autosave.put', { text, filePath: null });
      await call('window.setTitle', { title: 'Orders API', dirty: true });
      await app.quit();
      expect(storedAutosave()).toMatchObject({ text, filePath: null });
    }
    {
      // Saved, then closed clean: the snapshot of the saved work is not offered again.
      const { app, win, call } = await boot();
      await call('window.setTitle', { title: 'Orders API', dirty: false });
      win.close();
      expect(win.isDestroyed()).toBe(true);
      await app.quit();
      expect(storedAutosave()).toBeNull();
    }
    fake.answers.messageBox = 0;
  });

  it('remembers the window bounds and holds a file given on the command line until the page asks', async () => {
    const file = join(dataDir, 'given.headroom.json');
    writeFileSync(file, templateText());
    const { app, win, call } = await boot(['electron', '.', file]);
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
    await vi.waitFor(() => expect(app.services.store.listRecent().map((r) => r.path)).toContain(file));
    // The page may not have subscribed yet: nothing is sent, the file waits for files.pendingOpen.
    expect(openRequests(win)).toEqual([]);
    expect(await call('files.pendingOpen')).toEqual({
      ok: true,
      result: { path: file, text: templateText() },
    });
    expect(await call('files.pendingOpen')).toEqual({ ok: true, result: null });
    await app.quit();
  });

  it('hands a file over once whichever comes first, the page asking or the file being read', async () => {
    const file = join(dataDir, 'early.headroom.json');
    writeFileSync(file, templateText());
    const { app, win, call } = await boot(['electron', '.', file]);
    // The page asks before main has read the file: it gets null, then the file as an event.
    expect(await call('files.pendingOpen')).toEqual({ ok: true, result: null });
    await vi.waitFor(() => expect(openRequests(win)).toEqual([{ path: file, text: templateText() }]));
    expect(await call('files.pendingOpen')).toEqual({ ok: true, result: null });
    await app.quit();
  });

  it('second instance: restores and focuses the window and opens the file from its command line', async () => {
    const file = join(dataDir, 'second.headroom.json');
    writeFileSync(file, templateText());
    const { app, win, call } = await boot();
    await call('files.pendingOpen');
    win.minimized = true;
    const focused = win.focusCalls;
    fake.appEvents.emit('second-instance', {}, ['electron', '.', '--flag', file], '/home/user');
    expect(win.isMinimized()).toBe(false);
    expect(win.focusCalls).toBe(focused + 1);
    await vi.waitFor(() => expect(openRequests(win)).toEqual([{ path: file, text: templateText() }]));
    // A second instance without a file only brings the window forward.
    fake.appEvents.emit('second-instance', {}, ['electron', '.'], '/home/user');
    expect(win.focusCalls).toBe(focused + 2);
    await app.quit();
    expect(fake.appEvents.listenerCount('second-instance')).toBe(0);
  });

  it('macOS open-file: takes the event over and opens the file; a reloading page gets it on asking', async () => {
    const file = join(dataDir, 'finder.headroom.json');
    writeFileSync(file, templateText());
    const { app, win, call } = await boot();
    await call('files.pendingOpen');
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    fake.appEvents.emit('open-file', event, file);
    expect(event.prevented).toBe(true);
    await vi.waitFor(() => expect(openRequests(win)).toHaveLength(1));
    win.webContents.emit('did-start-loading');
    const later = join(dataDir, 'finder-2.headroom.json');
    writeFileSync(later, templateText());
    fake.appEvents.emit('open-file', { preventDefault: () => undefined }, later);
    await vi.waitFor(() => expect(app.services.store.listRecent()[0]?.path).toBe(later));
    expect(await call('files.pendingOpen')).toEqual({
      ok: true,
      result: { path: later, text: templateText() },
    });
    expect(openRequests(win)).toHaveLength(1);
    await app.quit();
  });

  it('quits at once, without a window or an error box, when another instance holds the lock', async () => {
    const { startApp, SecondInstance } = await import('../../main/electron/main.js');
    const windows = fake.windows.length;
    const quits = fake.quitCalls;
    const messages = fake.shownMessages.length;
    fake.answers.singleInstanceLock = false;
    try {
      await expect(startApp(['electron'])).rejects.toBeInstanceOf(SecondInstance);
    } finally {
      fake.answers.singleInstanceLock = true;
    }
    expect(fake.quitCalls).toBe(quits + 1);
    expect(fake.windows.length).toBe(windows);
    expect(fake.shownMessages.length).toBe(messages);
    expect(fake.handlers.size).toBe(0);
  });

  it('keeps its data where $HEADROOM_DATA_DIR says, set before the single-instance lock', async () => {
    const elsewhere = join(dataDir, 'elsewhere');
    mkdirSync(elsewhere);
    process.env.HEADROOM_DATA_DIR = elsewhere;
    try {
      const { app, call } = await boot();
      expect(fake.paths.get('userData')).toBe(elsewhere);
      expect(await call('app.info')).toMatchObject({ ok: true, result: { dataDir: elsewhere } });
      await app.quit();
    } finally {
      delete process.env.HEADROOM_DATA_DIR;
      fake.paths.clear();
    }
  });

  it('opens and saves through the native dialogs, filtered to topology files', async () => {
    const file = join(dataDir, 'picked.headroom.json');
    writeFileSync(file, templateText());
    const { app, call } = await boot();
    fake.answers.openPaths = [file];
    expect(await call('files.openDialog')).toEqual({
      ok: true,
      result: { path: file, text: templateText() },
    });
    expect(fake.dialogs.at(-1)).toMatchObject({
      kind: 'open',
      options: {
        properties: ['openFile'],
        filters: [{ name: 'Headroom topology', extensions: ['headroom.json'] }],
      },
    });
    expect(app.services.store.listRecent()[0]?.path).toBe(file);
    fake.answers.openPaths = [];
    expect(await call('files.openDialog')).toEqual({ ok: true, result: null });

    fake.answers.savePath = join(dataDir, 'chosen');
    expect(await call('files.saveDialog', { suggestedName: 'orders.headroom.json' })).toEqual({
      ok: true,
      result: { path: join(dataDir, 'chosen.headroom.json') },
    });
    expect(fake.dialogs.at(-1)).toMatchObject({
      kind: 'save',
      options: { defaultPath: 'orders.headroom.json', filters: [{ extensions: ['headroom.json'] }] },
    });
    fake.answers.savePath = undefined;
    expect(await call('files.saveDialog', { suggestedName: 'orders.headroom.json' })).toEqual({
      ok: true,
      result: null,
    });
    await app.quit();
  });

  it('Edit menu: canvas commands outside text fields, the native editing command inside one', async () => {
    const { app, win } = await boot();
    const items: [string, string, string][] = [
      ['Undo', 'edit.undo', 'undo'],
      ['Redo', 'edit.redo', 'redo'],
      ['Cut', 'edit.cut', 'cut'],
      ['Copy', 'edit.copy', 'copy'],
      ['Paste', 'edit.paste', 'paste'],
      ['Select All', 'edit.selectAll', 'selectAll'],
      ['Delete', 'edit.delete', 'delete'],
    ];
    for (const [label, command, native] of items) {
      fake.answers.script = false;
      menuItem('Edit', label).click?.();
      await vi.waitFor(() =>
        expect(win.webContents.sent.at(-1)).toEqual({
          channel: channelOf('menu.command'),
          payload: { command },
        }),
      );
      expect(win.webContents.scripts.at(-1)).toContain('document.activeElement');
      const sent = win.webContents.sent.length;
      fake.answers.script = true;
      menuItem('Edit', label).click?.();
      await vi.waitFor(() => expect(win.webContents.editing.at(-1)).toBe(native));
      expect(win.webContents.sent.length).toBe(sent);
    }
    expect(win.webContents.editing).toHaveLength(items.length);
    expect(menuItem('Edit', 'Cut').accelerator).toBe('CmdOrCtrl+X');
    expect(menuItem('Edit', 'Select All').accelerator).toBe('CmdOrCtrl+A');
    fake.answers.script = false;
    await app.quit();
  });

  it('the focus probe tells text fields from the canvas in a real page (headless Chromium)', async () => {
    const { FOCUS_IN_TEXT } = await import('../../main/electron/main.js');
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent(
        '<input id="name"><textarea id="notes"></textarea><select id="kind"><option>a</option></select>' +
          '<div id="rich" contenteditable="true">x</div><div id="canvas" tabindex="0">canvas</div><button id="run">Run</button>',
      );
      const probe = async (id: string | null) => {
        if (id) await page.focus(`#${id}`);
        else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        return page.evaluate(FOCUS_IN_TEXT);
      };
      for (const id of ['name', 'notes', 'kind', 'rich'])
        expect({ id, inText: await probe(id) }).toEqual({ id, inText: true });
      for (const id of ['canvas', 'run', null])
        expect({ id, inText: await probe(id) }).toEqual({ id, inText: false });
    } finally {
      await browser.close();
    }
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
