// Unit tests of stores and components in a simulated DOM (happy-dom); browser tests live in
// tests/e2e and run under Playwright instead.
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
    css: false,
    server: { deps: { inline: ['element-plus'] } },
  },
});
