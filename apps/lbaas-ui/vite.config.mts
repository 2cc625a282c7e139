import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard's bundle: built by `npm run build` into dist/ui, served by lbaas-server at /ui/. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/ui', import.meta.url)),
    emptyOutDir: true,
    // Served on a LAN or offline; no source maps to ship.
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  // `vite dev` against a server started with `npm start` (the API on its default port).
  server: { proxy: { '^/(v2|v2\\.0|ui/api|healthz)': 'http://127.0.0.1:9876' } },
});
