import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_EVENTS, API_METHODS, channelOf, type ApiMethod } from '../../shared/api/contract.js';
import { ApiError } from '../services/api-error.js';
import { dispatch } from '../services/dispatch.js';
import type { Services } from '../services/services.js';

/** What an IPC call answers: the result, or the error message (the preload throws it). */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };

/** The app's own origin: the built renderer loaded from disk. */
export const isTrustedUrl = (url: string, rendererIndexUrl: string): boolean => {
  try {
    const u = new URL(url);
    const own = new URL(rendererIndexUrl);
    return u.protocol === own.protocol && u.host === own.host && u.pathname === own.pathname;
  } catch {
    return false;
  }
};

/**
 * Registers one ipcMain handler per API method. Every call is checked like VS Code's validatedIpcMain:
 * it must come from the main frame of the app's own page, and its arguments must satisfy the contract.
 * `observe` sees every answered call (main uses it to notice a save that did not happen).
 */
export function registerIpc(
  ipcMain: IpcMain,
  services: Services,
  rendererIndexUrl: string,
  observe?: (method: ApiMethod, reply: IpcReply) => void,
): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event: IpcMainInvokeEvent, args: unknown): Promise<IpcReply> => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url, rendererIndexUrl)) {
        return { ok: false, error: 'forbidden: the call did not come from the Headroom window' };
      }
      let reply: IpcReply;
      try {
        reply = { ok: true, result: await dispatch(services.handlers, method, args) };
      } catch (error) {
        const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
        reply = { ok: false, error: message };
      }
      observe?.(method, reply);
      return reply;
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}

/** Forwards every API event to a window; returns the unsubscribe function. */
export function forwardEvents(services: Services, target: () => WebContents | undefined): () => void {
  const offs = API_EVENTS.map((event) =>
    services.on(event, (payload) => {
      const wc = target();
      if (wc && !wc.isDestroyed()) wc.send(channelOf(event), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
