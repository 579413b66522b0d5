import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/electron/**/*.electron.ts'], testTimeout: 120_000 },
});
