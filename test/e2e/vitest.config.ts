import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // UI updates wait on React renders and the live estimate; a loaded CI machine needs more than 1 s.
    expect: { poll: { timeout: 10_000 } },
  },
});
