import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { afterPack, ELECTRON_BUILD, packagedBinary, type PackContext } from '../../scripts/after-pack.mjs';

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  fileAssociations: { ext: string; name: string }[];
  linux: { target: string[]; icon: string; maintainer?: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  productName: string;
  homepage?: string;
  author?: { name?: string; email?: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** electron-builder's own schema check of a configuration (what `electron-builder` runs first). */
const validate = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js')
  .validateConfiguration as (config: unknown, log: { isEnabled: boolean; add(): void }) => Promise<void>;
const quietLog = { isEnabled: false, add: () => undefined };

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A packed app folder as electron-builder leaves it before afterPack, and the project it came from. */
function packed(electronVersion: string, withElectronBuild: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'headroom-pack-'));
  dirs.push(root);
  const project = join(root, 'project');
  const appOutDir = join(root, 'linux-unpacked');
  const resources = join(appOutDir, 'resources');
  mkdirSync(join(packagedBinary(resources), '..'), { recursive: true });
  writeFileSync(packagedBinary(resources), 'node-abi build');
  if (withElectronBuild) {
    mkdirSync(join(project, ELECTRON_BUILD, '..'), { recursive: true });
    writeFileSync(join(project, ELECTRON_BUILD), 'electron-abi build');
    writeFileSync(join(project, '.electron-native', 'better-sqlite3', '.electron-version'), '41.7.1');
  }
  const arch = ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch);
  const context: PackContext = {
    appOutDir,
    electronPlatformName: process.platform,
    arch,
    packager: {
      info: { projectDir: project, framework: { version: electronVersion } },
      getResourcesDir: (out) => join(out, 'resources'),
    },
  };
  return { context, binary: packagedBinary(resources) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema check (and that check does reject a wrong key)', async () => {
    await expect(validate(structuredClone(config), quietLog)).resolves.toBeUndefined();
    await expect(validate({ ...structuredClone(config), npmRebuidl: false }, quietLog)).rejects.toThrow(
      /npmRebuidl/,
    );
  });

  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('has what the deb target demands: a homepage and an author with an email', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(config.linux.maintainer ?? pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(pkg.author?.name).toBeTruthy();
  });

  it('associates .headroom.json files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'headroom.json', name: 'Headroom topology' }),
    ]);
  });

  it('unpacks better-sqlite3 from the asar; npm run dist builds it for Electron beside the Node build', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // electron-builder's rebuild would rebuild node_modules/better-sqlite3 in place (Node tests break).
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    const dist = pkg.scripts.dist ?? '';
    expect(dist.indexOf('node scripts/rebuild-native.mjs')).toBeGreaterThanOrEqual(0);
    expect(dist.indexOf('node scripts/rebuild-native.mjs')).toBeLessThan(dist.indexOf('electron-builder'));
  });

  it('afterPack puts the Electron build of better-sqlite3 into the package, leaving node_modules alone', async () => {
    const nodeBuild = sha256('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const { context, binary } = packed('41.7.1', true);
    await afterPack(context);
    expect(readFileSync(binary, 'utf8')).toBe('electron-abi build');
    expect(sha256('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(nodeBuild);
  });

  it('afterPack refuses a missing or stale Electron build and another platform', async () => {
    const missing = packed('41.7.1', false);
    await expect(afterPack(missing.context)).rejects.toThrow(/rebuild-native\.mjs/);
    expect(readFileSync(missing.binary, 'utf8')).toBe('node-abi build');
    const stale = packed('42.0.0', true);
    await expect(afterPack(stale.context)).rejects.toThrow(
      /for Electron 41\.7\.1, the package uses 42\.0\.0/,
    );
    const other = packed('41.7.1', true);
    other.context.electronPlatformName = process.platform === 'win32' ? 'darwin' : 'win32';
    await expect(afterPack(other.context)).rejects.toThrow(/on a (win32|darwin)-/);
  });

  it('ships the built app and points at an existing icon of 1024×1024 (macOS asks for at least 512)', () => {
    expect(config.files).toContain('dist/**/*');
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) {
      expect(existsSync(icon)).toBe(true);
      expect(pngSize(icon)).toEqual({ width: 1024, height: 1024 });
    }
    expect(readFileSync('build/icon.svg', 'utf8')).toMatch(/^<svg /);
    expect(pkg.main).toBe('dist/main/electron/main.js');
    expect(existsSync('main/electron/main.ts')).toBe(true);
    expect(config.productName).toBe(pkg.productName);
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });
});
