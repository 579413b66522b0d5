#!/usr/bin/env node
// `npm start`: the renderer and main are already built; make sure better-sqlite3 has an Electron build, then launch.
import { spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const binary = electronBinary();
if ('missing' in binary) {
  console.error(`npm start needs Electron: ${binary.missing}.`);
  console.error(
    'Install it with `npm install` (without ELECTRON_SKIP_BINARY_DOWNLOAD), or use `npm run web` to run Headroom in your browser.',
  );
  process.exit(1);
}
const rebuilt = spawnSync(process.execPath, ['scripts/rebuild-native.mjs'], { stdio: 'inherit' });
if (rebuilt.status !== 0) process.exit(rebuilt.status ?? 1);
const r = spawnSync(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
