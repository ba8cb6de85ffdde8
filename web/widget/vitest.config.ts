// Unit tests of the client state (tests/unit); the browser tests use Playwright (tests/e2e).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
