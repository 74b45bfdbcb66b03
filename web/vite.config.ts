import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Where `npm start` (or `npm run dev -w hotline-12345-web` with `API_URL`) finds the Nest app. */
const api = process.env.API_URL ?? 'http://localhost:3000';

/**
 * Two pages, built once: the staff console (`index.html`, served at `/`) and the citizen's pages
 * (`citizen/index.html`, served at `/citizen`). Each entry pulls in only what it imports, so the
 * citizen's bundle holds React and its own small code — no antd, no ECharts.
 */
export default defineConfig({
  plugins: [
    react(),
    // Every text file of the build also as .br (quality 11) and .gz (level 9), written once here and
    // served as they are by the app (@fastify/static's preCompressed), never compressed per request.
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: /manifest\.json$/ }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under /assets: the server caches them for a year; the HTML is never cached.
    assetsDir: 'assets',
    // dist/.vite/manifest.json: which chunks each page needs (test/web-weight.e2e-spec.ts weighs a first load by it).
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { staff: here('index.html'), citizen: here('citizen/index.html') },
      output: {
        codeSplitting: {
          groups: [
            // Shared by both pages, and the part that changes least: its own long-cached file.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            // Only the figures page draws charts.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/health': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
