// Unit tests of the client state and of the views that need no browser (tests/unit); the
// browser tests use Playwright (tests/e2e). JSX compiles as in vite.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: { include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
});
