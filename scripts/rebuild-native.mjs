#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/ so node_modules keeps the Node build
// that `npm test` and the CLI use. main/electron/main.ts passes the Electron build as `nativeBinding`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const target = join('.electron-native', 'better-sqlite3');
const built = join(target, 'build', 'Release', 'better_sqlite3.node');
const stamp = join(target, '.electron-version');

if (existsSync(built) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) {
  console.log(`better-sqlite3 for Electron ${electronVersion} is up to date`);
  process.exit(0);
}
rmSync(target, { recursive: true, force: true });
cpSync(join('node_modules', 'better-sqlite3'), target, {
  recursive: true,
  filter: (src) => !src.includes(`${join('build', '')}`),
});
console.log(
  `building better-sqlite3 for Electron ${electronVersion} (needs Electron's headers from electronjs.org)…`,
);
const r = spawnSync(
  'npx',
  [
    '--yes',
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ],
  { cwd: target, stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error('could not build better-sqlite3 for Electron; see the output above');
  process.exit(1);
}
await import('node:fs').then((fs) => fs.writeFileSync(stamp, electronVersion));
