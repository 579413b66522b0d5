import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../main/web/server.js';
import { templateText } from '../helpers/topologies.js';

let host: WebHost;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Headroom</title>');
  host = await startWebHost({ dataDir: join(dir, 'data'), rendererDir, maxWorkers: 1 });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, body: unknown, token: string | null = host.token) => {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-headroom-token': token } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: string } };
};

describe('local web host', () => {
  it('listens on 127.0.0.1 only and prints a tokenised address', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the renderer with a Content-Security-Policy and refuses paths outside it', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(escape.status).toBe(404);
  });

  it('rejects API calls without the token, or with a wrong one', async () => {
    expect((await call('app.info', {}, null)).status).toBe(403);
    expect((await call('app.info', {}, 'x'.repeat(32))).status).toBe(403);
  });

  it('answers a valid call', async () => {
    const r = await call('app.info', {});
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ host: 'web', version: expect.any(String) });
  });

  it('names the field of a junk argument and the unknown method', async () => {
    const junk = await call('runs.start', {
      topologyText: 'x',
      options: { seed: -1, durationS: 10, warmupS: 1, replications: 1 },
    });
    expect(junk.status).toBe(400);
    expect(junk.body.error).toContain('options.seed');
    const extra = await call('runs.list', { limit: 5, evil: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/evil/);
    expect((await call('fs.readFile', {})).status).toBe(404);
    expect((await call('app.info', '{not json')).body.error).toMatch(/not JSON/);
  });

  it('validates a topology and reports errors with paths', async () => {
    const ok = await call('topology.validate', { text: templateText() });
    expect(ok.body.result).toMatchObject({ ok: true, errors: [] });
    const bad = await call('topology.validate', { text: '{"schemaVersion": 1,' });
    expect(bad.body.result).toMatchObject({ ok: false });
    expect(JSON.stringify(bad.body.result)).toMatch(/line 1/);
  });

  it('refuses a WebSocket without the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=wrong`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  it('runs a simulation end to end: progress events, then a stored result in history', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const events: { event: string; payload: { runId: string; status?: string } }[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data))));
    const start = await call('runs.start', {
      topologyText: templateText(),
      options: { seed: 3, durationS: 20, warmupS: 2, replications: 2 },
    });
    expect(start.status).toBe(200);
    const { runId } = start.body.result as { runId: string };
    await host.services.idle();
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(events.some((e) => e.event === 'run.progress' && e.payload.runId === runId)).toBe(true);
    expect(events.find((e) => e.event === 'run.finished')?.payload).toMatchObject({ runId, status: 'done' });
    const detail = await call('runs.get', { runId });
    expect(detail.body.result).toMatchObject({ status: 'done', seed: 3 });
    const list = await call('runs.list', {});
    expect((list.body.result as { id: string }[]).map((r) => r.id)).toContain(runId);
  });
});
