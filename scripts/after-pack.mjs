// electron-builder afterPack hook: puts better-sqlite3's Electron build (made by scripts/rebuild-native.mjs
// into .electron-native/) into the packaged app. electron-builder's own npmRebuild is off because it
// rebuilds node_modules/better-sqlite3 in place, which would leave `npm test` and the CLI a binary
// built for Electron's ABI instead of Node's.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** electron-builder's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** The Electron build of better-sqlite3 and the Electron version it was built for, relative to the project. */
export const ELECTRON_BUILD = join(
  '.electron-native',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const ELECTRON_STAMP = join('.electron-native', 'better-sqlite3', '.electron-version');

/** The path of better-sqlite3's binary inside the unpacked part of the asar. */
export const packagedBinary = (resourcesDir) =>
  join(
    resourcesDir,
    'app.asar.unpacked',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );

export async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (platform !== process.platform || arch !== process.arch) {
    throw new Error(
      `better-sqlite3 is built for this machine (${process.platform}-${process.arch}) only; ` +
        `build the ${platform}-${arch} package on a ${platform}-${arch} machine`,
    );
  }
  const project = context.packager.info.projectDir;
  const build = join(project, ELECTRON_BUILD);
  const stamp = join(project, ELECTRON_STAMP);
  if (!existsSync(build) || !existsSync(stamp)) {
    throw new Error(
      `${ELECTRON_BUILD} is missing: run node scripts/rebuild-native.mjs first (npm run dist does)`,
    );
  }
  const built = readFileSync(stamp, 'utf8');
  const packaged = context.packager.info.framework.version;
  if (built !== packaged) {
    throw new Error(
      `.electron-native holds better-sqlite3 for Electron ${built}, the package uses ${packaged}: run node scripts/rebuild-native.mjs`,
    );
  }
  const target = packagedBinary(context.packager.getResourcesDir(context.appOutDir));
  if (!existsSync(target))
    throw new Error(`no better-sqlite3 binary at ${target}: is it still asarUnpacked?`);
  copyFileSync(build, target);
  console.log(`  • better-sqlite3 for Electron ${built} → ${target}`);
}

export default afterPack;
