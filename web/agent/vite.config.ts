// The agent workspace builds into dist/, which the Go binary embeds and serves at /. The page
// runs under a CSP without 'unsafe-inline' scripts, so nothing may be inlined into index.html.
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0, // data: fonts/images are allowed, but files cache better and keep the CSP simple
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false }, // every browser we support has modulepreload; the polyfill would be an extra script
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus';
          if (id.includes('node_modules')) return 'vendor';
        },
      },
    },
  },
  server: {
    // `npm run dev` against a kefu on :8080 (KEFU_URL to change): same-origin through the proxy.
    proxy: { '/api': { target: process.env.KEFU_URL ?? 'http://127.0.0.1:8080', ws: true, changeOrigin: false } },
  },
});
