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

  it('plans over HTTP: a junk argument is refused naming the field; plan events reach the WebSocket', async () => {
    const junk = await call('plans.start', {
      kind: 'growth',
      topologyText: templateText(),
      seed: 1,
      replications: 1,
      requests: 500,
      currentRps: 100,
      growthPerMonth: -1,
    });
    expect(junk.status).toBe(400);
    expect(junk.body.error).toMatch(/growthPerMonth: Too small/);
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const events: { event: string; payload: { planId?: string; status?: string } }[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data))));
    const start = await call('plans.start', {
      kind: 'sweep',
      topologyText: templateText(),
      seed: 1,
      replications: 1,
      requests: 1000,
      param: { path: 'components.api.instances', values: [1, 2] },
    });
    expect(start.status).toBe(200);
    const { planId } = start.body.result as { planId: string };
    await host.services.idle();
    await expect
      .poll(() => events.find((e) => e.event === 'plan.finished')?.payload)
      .toEqual({ planId, status: 'done', error: null });
    ws.close();
    expect(
      events.filter((e) => e.event === 'plan.progress' && e.payload.planId === planId).length,
    ).toBeGreaterThanOrEqual(4);
    const got = await call('plans.get', { planId });
    expect(got.body.result).toMatchObject({ planId, kind: 'sweep', status: 'done', slo: null });
    expect((got.body.result as { result: { rows: unknown[] } }).result.rows).toHaveLength(2);
  });

  it('cancels a running run at once; renames and deletes runs from the history', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const finished: { runId: string; status: string; error: string | null }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { event: string; payload: (typeof finished)[number] };
      if (m.event === 'run.finished') finished.push(m.payload);
    });
    // A day of simulated traffic: far longer than the test, so only the cancel can end it.
    const long = await call('runs.start', {
      topologyText: templateText(),
      options: { seed: 5, durationS: 86_400, warmupS: 10, replications: 1 },
      name: 'long run',
    });
    const { runId } = long.body.result as { runId: string };
    const busy = await call('runs.delete', { runId });
    expect(busy.status).toBe(400);
    expect(busy.body.error).toMatch(/still going/);
    const started = Date.now();
    expect((await call('runs.cancel', { runId })).body.result).toEqual({ cancelled: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await call('runs.get', { runId })).body.result).toMatchObject({
      status: 'cancelled',
      error: null,
    });
    await expect.poll(() => finished).toContainEqual({ runId, status: 'cancelled', error: null });
    ws.close();
    expect((await call('runs.cancel', { runId })).body.result).toEqual({ cancelled: false });

    expect((await call('runs.rename', { runId, name: 'Black Friday, cancelled' })).body.result).toEqual({
      ok: true,
    });
    expect((await call('runs.get', { runId })).body.result).toMatchObject({
      name: 'Black Friday, cancelled',
    });
    const empty = await call('runs.rename', { runId, name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/name/);
    const unknown = await call('runs.rename', { runId: 'no-such-run', name: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no run with id no-such-run/);

    expect((await call('runs.delete', { runId })).body.result).toEqual({ ok: true });
    expect((await call('runs.get', { runId })).status).toBe(404);
    expect(((await call('runs.list', {})).body.result as { id: string }[]).map((r) => r.id)).not.toContain(
      runId,
    );
    expect((await call('runs.delete', { runId })).status).toBe(404);
    expect((await call('runs.delete', { runId: '../etc' })).status).toBe(400);
  });

  it('hands over no pending file: only the desktop app is asked to open files by the OS', async () => {
    expect(await call('files.pendingOpen', {})).toEqual({ status: 200, body: { result: null } });
  });

  it('saves atomically, reads back and lists the file as recent', async () => {
    const path = join(dir, 'saved.headroom.json');
    expect((await call('files.save', { path, text: templateText() })).body.result).toEqual({ path });
    expect((await call('files.read', { path })).body.result).toEqual({ path, text: templateText() });
    expect(((await call('recent.list', {})).body.result as { path: string }[])[0]?.path).toBe(path);
  });

  it('refuses to read or write anything but an absolute .headroom.json path', async () => {
    const notTopology = await call('files.save', { path: join(dir, 'evil.sh'), text: 'x' });
    expect(notTopology.status).toBe(400);
    expect(notTopology.body.error).toMatch(/path: must be a \.headroom\.json file/);
    expect((await call('files.read', { path: 'relative.headroom.json' })).body.error).toMatch(/absolute/);
    const missing = await call('files.read', { path: join(dir, 'missing.headroom.json') });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/no such file/);
  });

  it('has no native dialogs in the browser and says so', async () => {
    const r = await call('files.openDialog', {});
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/only available in the desktop app/);
    expect(((await call('app.info', {})).body.result as { nativeDialogs: boolean }).nativeDialogs).toBe(
      false,
    );
  });

  it('keeps an autosave snapshot until it is cleared', async () => {
    expect((await call('autosave.take', {})).body.result).toBeNull();
    await call('autosave.put', { text: templateText(), filePath: null });
    expect((await call('autosave.take', {})).body.result).toMatchObject({
      text: templateText(),
      filePath: null,
    });
    await call('autosave.clear', {});
    expect((await call('autosave.take', {})).body.result).toBeNull();
  });

  it('stores preferences and rejects a value of the wrong shape, naming the field', async () => {
    expect((await call('preferences.get', { key: 'theme' })).body.result).toBeNull();
    await call('preferences.set', { key: 'theme', value: 'dark' });
    expect((await call('preferences.get', { key: 'theme' })).body.result).toBe('dark');
    const bad = await call('preferences.set', { key: 'theme', value: 'purple' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/value/);
    expect((await call('preferences.get', { key: 'theme' })).body.result).toBe('dark');
    expect((await call('preferences.get', { key: 'nope' })).status).toBe(400);
  });

  it('lists the six built-in templates with their text', async () => {
    const templates = (await call('templates.list', {})).body.result as { id: string; text: string }[];
    expect(templates.length).toBeGreaterThanOrEqual(6);
    for (const t of templates)
      expect((await call('topology.validate', { text: t.text })).body.result).toMatchObject({ ok: true });
  });
});
