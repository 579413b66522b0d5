import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf } from '../../shared/api/contract.js';
import { createFakeElectron } from '../helpers/fake-electron.js';

const dataDir = mkdtempSync(join(tmpdir(), 'headroom-electron-'));
const fake = createFakeElectron(dataDir);
vi.mock('electron', () => ({ default: fake.electron }));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Electron main against a fake electron module', () => {
  it('starts: one handler per API method, a secure window, permissions denied', async () => {
    const { startApp } = await import('../../main/electron/main.js');
    const app = await startApp();
    expect([...fake.handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());

    const win = fake.windows[0];
    expect(win).toBeDefined();
    const prefs = win?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(win?.loadedFile).toMatch(/renderer[/\\]index\.html$/);

    let granted: boolean | undefined;
    fake.permissionHandler?.({}, 'geolocation', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(win?.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    const navigate = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    win?.webContents.emit('will-navigate', navigate, 'https://evil.example/');
    expect(navigate.prevented).toBe(true);

    await app.quit();
  });

  it('answers a call from its own main frame and refuses one from elsewhere or with junk', async () => {
    const { startApp } = await import('../../main/electron/main.js');
    fake.handlers.clear();
    const app = await startApp();
    const win = fake.windows.at(-1);
    const call = fake.handlers.get(channelOf('app.info'));
    const fromOwnFrame = { sender: win?.webContents, senderFrame: win?.webContents.mainFrame };
    expect(await call?.(fromOwnFrame, {})).toMatchObject({ ok: true, result: { host: 'electron' } });
    const fromElsewhere = { sender: win?.webContents, senderFrame: { url: 'https://evil.example/' } };
    expect(await call?.(fromElsewhere, {})).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
    expect(await call?.(fromOwnFrame, { extra: 1 })).toEqual({
      ok: false,
      error: expect.stringMatching(/extra/),
    });
    await app.quit();
  });
});
