import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    // Model files import the package by name, as a user's would.
    alias: { protocheck: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Property tests pin their seed so CI runs are reproducible (fast-check prints it on failure).
  },
});
