import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  fileAssociations: { ext: string; name: string }[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  productName: string;
  scripts: Record<string, string>;
};

describe('electron-builder configuration', () => {
  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('associates .headroom.json files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'headroom.json', name: 'Headroom topology' }),
    ]);
  });

  it('unpacks better-sqlite3 from the asar and rebuilds it for Electron', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
  });

  it('ships the built app and points at an existing icon and entry point', () => {
    expect(config.files).toContain('dist/**/*');
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon])
      expect(existsSync(icon)).toBe(true);
    expect(pkg.main).toBe('dist/main/electron/main.js');
    expect(existsSync('main/electron/main.ts')).toBe(true);
    expect(config.productName).toBe(pkg.productName);
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });
});
