import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The explorer's bundle: dist/explorer/index.html and hashed files under assets/, served at /explore. */
export default defineConfig({
  root: here,
  base: '/explore/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/explorer/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The graph library is most of the weight; one chunk loads in one round trip.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // npm run dev:explorer: the page reloads as it is edited, the API comes from npm run dev.
    proxy: { '/graphql': `http://localhost:${process.env.PORT ?? 4000}` },
  },
});
