import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../main/services/files.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic save', () => {
  it('replaces the file with the new contents', () => {
    const file = join(dir, 'a.headroom.json');
    writeFileSync(file, 'old\n');
    atomicWriteFile(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the previous file intact when the saving process is killed mid-write', async () => {
    const file = join(dir, 'b.headroom.json');
    const previous = `${JSON.stringify({ name: 'previous', pad: 'x'.repeat(1000) }, null, 2)}\n`;
    writeFileSync(file, previous);
    // A child process (the compiled dist/ build) saves 20 MB slowly and tells us when it is half-way; we SIGKILL it then.
    const script = `
      import { atomicWriteFile } from ${JSON.stringify(resolve('dist/main/services/files.js'))};
      const big = JSON.stringify({ name: 'next', pad: 'y'.repeat(20_000_000) });
      atomicWriteFile(process.argv[1], big, { afterChunk: (n) => {
        if (n >= 10_000_000 && !globalThis.told) { globalThis.told = true; process.stdout.write('half\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000); }
      } });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolveHalf, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('half') && resolveHalf());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const partial = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(partial.length).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(readFileSync(file, 'utf8')).toBe(previous);
  });
});
