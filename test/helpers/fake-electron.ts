import { EventEmitter } from 'node:events';

/** A faithful-enough fake of the `electron` module's main-process API, recording what main does with it. */
export function createFakeElectron(userData: string) {
  const handlers = new Map<string, (event: unknown, args: unknown) => unknown>();
  const windows: FakeWindow[] = [];
  const appEvents = new EventEmitter();
  let permissionHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  let quitCalls = 0;

  class FakeWebContents extends EventEmitter {
    readonly sent: { channel: string; payload: unknown }[] = [];
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    readonly mainFrame = { url: '' };
    setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
    }
    isDestroyed() {
      return false;
    }
  }

  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedFile: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    async loadFile(file: string) {
      this.loadedFile = file;
      this.webContents.mainFrame.url = new URL(`file://${file}`).toString();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }

  const electron = {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: async () => undefined,
      getPath: (name: string) => {
        if (name !== 'userData') throw new Error(`fake: getPath(${name}) not faked`);
        return userData;
      },
      on: (event: string, listener: (...a: unknown[]) => void) => appEvents.on(event, listener),
      quit: () => {
        quitCalls++;
      },
      exit: () => undefined,
    },
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, args: unknown) => unknown) => {
        if (handlers.has(channel)) throw new Error(`fake: second handler for ${channel}`);
        handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof permissionHandler) => {
          permissionHandler = h;
        },
      },
    },
    shell: { openExternal: async () => undefined },
    dialog: { showErrorBox: () => undefined },
  };

  return {
    electron,
    handlers,
    windows,
    appEvents,
    get permissionHandler() {
      return permissionHandler;
    },
    get quitCalls() {
      return quitCalls;
    },
  };
}
