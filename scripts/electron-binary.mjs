// Finds the Electron binary installed by the `electron` package, or explains why there is none.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ path: string } | { missing: string }} */
export function electronBinary() {
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the electron package has no binary at ${path}` };
  } catch (error) {
    return {
      missing:
        'the Electron binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed): ' +
        String(error instanceof Error ? error.message.split('\n')[0] : error),
    };
  }
}
