#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration + validation (fast subset), E2E in headless Chromium,
// and the Electron smoke test where a binary exists. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const reports = join('test', 'artifacts', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

const run = (cmd, args) => {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
};

/** A stage that counts as one test: it passes when its command exits 0. */
const stage = (name, cmd, args) => {
  console.log(`\n=== ${name} ===`);
  const r = run(cmd, args);
  if (r.ok) passed++;
  else failed++;
  lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${name} (${r.seconds} s)`);
  return r.ok;
};

/** A vitest suite: each of its tests counts; a suite that crashes before reporting counts as one failure. */
const suite = (name, config) => {
  console.log(`\n=== ${name} ===`);
  const out = join(reports, `${name}.json`);
  const r = run('npx', [
    'vitest',
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    failed++;
    lines.push(`FAIL ${name}: no report (${r.seconds} s)`);
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const p = report.numPassedTests ?? 0;
  let f = report.numFailedTests ?? 0;
  if (!r.ok && f === 0) f = 1; // a failed suite file or an unhandled error fails the run
  if (p + f === 0) f = 1; // a suite that ran no test is a failure, not a pass
  passed += p;
  failed += f;
  lines.push(`${f ? 'FAIL' : 'ok  '} ${name}: ${p} passed, ${f} failed (${r.seconds} s)`);
};

stage('build', 'npm', ['run', '--silent', 'build']);
stage('typecheck', 'npm', ['run', '--silent', 'typecheck']);
stage('lint', 'npm', ['run', '--silent', 'lint']);
suite('unit', 'vitest.config.ts');
suite('e2e', 'test/e2e/vitest.config.ts');

const electron = electronBinary();
if ('path' in electron) {
  suite('electron', 'test/electron/vitest.config.ts');
} else {
  console.log(`\n=== electron ===\nElectron smoke test not run: ${electron.missing}.`);
  lines.push(`--   electron smoke test not run: no Electron binary on this machine`);
}

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
