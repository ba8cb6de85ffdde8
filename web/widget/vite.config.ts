// Builds the chat app: dist/frame.html (in the loader's iframe) and dist/chat.html (standalone
// page) with hashed assets in dist/assets/, served by kefu under /widget/. The loader has its
// own config (vite.loader.config.ts) because it must be one classic script without a hash.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

// cleanDist empties dist/ but keeps dist/.gitkeep, which is committed so that web/embed.go's
// go:embed compiles before the first npm build (Vite's emptyOutDir would delete it).
function cleanDist(): Plugin {
  return {
    name: 'kefu-clean-dist',
    apply: 'build',
    buildStart() {
      if (!existsSync('dist')) return;
      for (const f of readdirSync('dist', { withFileTypes: true })) {
        if (f.name !== '.gitkeep') rmSync(`dist/${f.name}`, { recursive: true, force: true });
      }
    },
  };
}

export default defineConfig({
  base: '/widget/',
  plugins: [cleanDist()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: false, // see cleanDist
    assetsDir: 'assets',
    target: 'es2020',
    // The pages' CSP forbids inline code; Vite's preload helper would be an extra script.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0, // no data: URLs: the CSP allows only files from kefu
    rollupOptions: { input: { frame: 'frame.html', chat: 'chat.html' } },
  },
});
