import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { recordRendererSources } from './electron/web/renderer-build.mts';

/**
 * The renderer build, shared by the web host (`npm run build:renderer`, `vite build`) and electron-vite (which reads
 * this file for its renderer section). Output: out/renderer, with relative asset paths so the same
 * build loads from the app:// protocol in Electron and from the web host. Beside it, out/renderer-sources.json:
 * the files it read, by which the web host tells whether it must build again.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), recordRendererSources()],
  build: {
    outDir: resolve(import.meta.dirname, 'out', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
