import { defineConfig } from 'vitest/config';

// The browser journey: the real app (npm start on a fresh DATA_DIR) driven by Debian's chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
