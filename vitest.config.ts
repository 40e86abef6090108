import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Hang guards, not speed limits: a test that starts processes or a browser
    // takes a few seconds alone and several times that on a loaded 2-core
    // machine; ten times the slowest seen there still ends a real hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
