import type { ApiEvent, ApiEventName, ApiMethod, HeadroomApi } from '../../../shared/api/contract.js';
import { API_METHODS } from '../../../shared/api/contract.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser served by the web host. */
    headroom?: HeadroomApi;
  }
}

type Listener = (payload: unknown) => void;

/** The same typed API over HTTP + WebSocket, for the local web host (token from the page address). */
function createWebApi(): HeadroomApi {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem('headroom-token') ?? '';
  if (params.has('token')) {
    sessionStorage.setItem('headroom-token', token);
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
  }
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | undefined;
  const connect = () => {
    socket = new WebSocket(`ws://${window.location.host}/events?token=${encodeURIComponent(token)}`);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onclose = () => setTimeout(connect, 1000);
  };
  connect();
  const ready = new Promise<void>((resolve) => {
    if (!socket) return resolve();
    socket.addEventListener('open', () => resolve(), { once: true });
    setTimeout(resolve, 2000);
  });

  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = async (args: unknown) => {
      if (method === 'runs.start' || method === 'plans.start') await ready;
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-headroom-token': token },
        body: JSON.stringify(args ?? {}),
      });
      const body = (await res.json()) as { result?: unknown; error?: string };
      if (!res.ok) throw new Error(body.error ?? `${method} failed (${res.status})`);
      return body.result;
    };
  }
  api.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  };
  return api as HeadroomApi;
}

/** The API the app talks to: Electron's preload when present, otherwise the web host. */
export const api: HeadroomApi = window.headroom ?? createWebApi();

export type { ApiMethod };
