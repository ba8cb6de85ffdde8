// Builds dist/widget.js, the loader the embed snippet loads: one self-contained classic script
// (IIFE) with a fixed name, so the snippet never changes between releases.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false, // the app was built into dist/ first
    target: 'es2019',
    minify: true,
    lib: { entry: 'src/loader/main.ts', formats: ['iife'], name: 'kefuLoader', fileName: () => 'widget.js' },
  },
});
