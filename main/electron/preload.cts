// Sandboxed preload (CommonJS): exposes one named function per API method, nothing generic.
// The method list must equal shared/api/contract.ts; test/unit/api-surface.test.ts checks it.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const METHODS = [
  'templates.list',
  'files.openDialog',
  'files.saveDialog',
  'files.read',
  'files.save',
  'files.pendingOpen',
  'recent.list',
  'autosave.put',
  'autosave.take',
  'autosave.clear',
  'preferences.get',
  'preferences.set',
  'window.setTitle',
  'app.info',
  'topology.validate',
  'runs.start',
  'runs.cancel',
  'runs.list',
  'runs.get',
  'runs.rename',
  'runs.delete',
  'plans.start',
  'plans.cancel',
  'plans.get',
  'pricing.list',
  'pricing.update',
  'reports.render',
  'reports.content',
  'reports.export',
] as const;

const EVENTS = [
  'run.progress',
  'run.finished',
  'plan.progress',
  'plan.finished',
  'menu.command',
  'file.openRequest',
] as const;

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

const call = (method: string) => async (args: unknown) => {
  const reply = (await ipcRenderer.invoke(`headroom:${method}`, args)) as Reply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
};

const api: Record<string, unknown> = {};
for (const method of METHODS) api[method] = call(method);
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(`headroom:${event}`, wrapped);
  return () => ipcRenderer.removeListener(`headroom:${event}`, wrapped);
};

contextBridge.exposeInMainWorld('headroom', Object.freeze(api));
