import { EventEmitter } from 'node:events';

/** A faithful-enough fake of the `electron` module's main-process API, recording what main does with it. */
export function createFakeElectron(userData: string) {
  const handlers = new Map<string, (event: unknown, args: unknown) => unknown>();
  const windows: FakeWindow[] = [];
  const appEvents = new EventEmitter();
  let permissionHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  let quitCalls = 0;
  let menu: { template: unknown[] } | undefined;
  /** Answers the fake dialogs and the page give, set by tests. */
  const answers = {
    messageBox: 0,
    openPaths: [] as string[],
    savePath: undefined as string | undefined,
    /** Whether requestSingleInstanceLock succeeds (false: another instance holds it). */
    singleInstanceLock: true,
    /** What the page answers to executeJavaScript (main asks where the focus is). */
    script: false as unknown,
  };
  const shownMessages: string[] = [];
  /** Options each native dialog was opened with, in order. */
  const dialogs: { kind: 'open' | 'save'; options: Record<string, unknown> }[] = [];
  /** Paths set with app.setPath, by name. */
  const paths = new Map<string, string>();

  class FakeWebContents extends EventEmitter {
    readonly sent: { channel: string; payload: unknown }[] = [];
    /** Scripts run with executeJavaScript and the native editing commands called, in order. */
    readonly scripts: string[] = [];
    readonly editing: string[] = [];
    async executeJavaScript(code: string) {
      this.scripts.push(code);
      return answers.script;
    }
    undo() {
      this.editing.push('undo');
    }
    redo() {
      this.editing.push('redo');
    }
    cut() {
      this.editing.push('cut');
    }
    copy() {
      this.editing.push('copy');
    }
    paste() {
      this.editing.push('paste');
    }
    selectAll() {
      this.editing.push('selectAll');
    }
    delete() {
      this.editing.push('delete');
    }
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
    /** Like Electron's printToPDF: a PDF of the loaded page (here, a marker naming the URL's length). */
    async printToPDF(options: Record<string, unknown>) {
      this.printOptions = options;
      return new TextEncoder().encode(`%PDF-fake ${this.mainFrame.url.length}`);
    }
    printOptions: Record<string, unknown> | undefined;
  }

  class FakeWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedFile: string | undefined;
    title = '';
    documentEdited = false;
    destroyed = false;
    setTitle(title: string) {
      this.title = title;
    }
    setDocumentEdited(edited: boolean) {
      this.documentEdited = edited;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1200, height: 800 };
    }
    /** Like Electron: emits a cancellable 'close', and closes when nobody prevented it. */
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) this.destroyed = true;
    }
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
    }
    destroy() {
      this.destroyed = true;
    }
    async loadFile(file: string) {
      this.webContents.emit('did-start-loading');
      this.loadedFile = file;
      this.webContents.mainFrame.url = new URL(`file://${file}`).toString();
    }
    isDestroyed() {
      return this.destroyed;
    }
    minimized = false;
    focusCalls = 0;
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    focus() {
      this.focusCalls++;
    }
  }

  const electron = {
    app: {
      requestSingleInstanceLock: () => answers.singleInstanceLock,
      whenReady: async () => undefined,
      getPath: (name: string) => {
        if (name !== 'userData') throw new Error(`fake: getPath(${name}) not faked`);
        return paths.get(name) ?? userData;
      },
      setPath: (name: string, path: string) => {
        paths.set(name, path);
      },
      on: (event: string, listener: (...a: unknown[]) => void) => appEvents.on(event, listener),
      removeListener: (event: string, listener: (...a: unknown[]) => void) =>
        appEvents.removeListener(event, listener),
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
    dialog: {
      showErrorBox: (title: string, message: string) => shownMessages.push(`${title}: ${message}`),
      showMessageBoxSync: (_win: unknown, options: { message: string }) => {
        shownMessages.push(options.message);
        return answers.messageBox;
      },
      showMessageBox: async (_win: unknown, options: { message: string }) => {
        shownMessages.push(options.message);
        return { response: 0 };
      },
      showOpenDialog: async (_win: unknown, options: Record<string, unknown>) => {
        dialogs.push({ kind: 'open', options });
        return { canceled: answers.openPaths.length === 0, filePaths: answers.openPaths };
      },
      showSaveDialog: async (_win: unknown, options: Record<string, unknown>) => {
        dialogs.push({ kind: 'save', options });
        return { canceled: answers.savePath === undefined, filePath: answers.savePath };
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (m: { template: unknown[] }) => {
        menu = m;
      },
    },
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
    get menu() {
      return menu;
    },
    answers,
    shownMessages,
    dialogs,
    paths,
  };
}
