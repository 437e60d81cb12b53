import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer build, shared by the web host (`npm run build:renderer`, `vite build`) and electron-vite (which reads
 * this file for its renderer section). Output: out/renderer, with relative asset paths so the same
 * build loads from the app:// protocol in Electron and from the web host.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
