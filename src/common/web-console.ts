import type {} from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the pages never answer: the API, its docs, health, and the live connection. */
const NOT_PAGES = /^\/(api|health|live|socket\.io|assets|open311)(\/|$)/;

export type WebConsoleStatus = 'served' | 'not-built';

/**
 * Serves the web app that `npm run build:web` writes to `dir` (Vite's multi-page output): the staff
 * console's `index.html` at `/` and at every client-side route of the console, the citizen's
 * `citizen/index.html` at `/citizen` and below, and the hashed bundles under `/assets`.
 *
 * The bundles' names change with their content, so they are cached for a year; the HTML is revalidated
 * on every load (`no-cache`, with an ETag), so a new build is picked up at once. Anything under `/api`,
 * `/health`, `/live` and `/socket.io` is left to the application, as is any other path that names a
 * file (`/robots.txt` is a JSON 404, not the console).
 */
export function serveWebConsole(app: NestFastifyApplication, dir: string): WebConsoleStatus {
  if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, 'citizen', 'index.html'))) return 'not-built';

  // `preCompressed`: the build wrote each file also as .br and .gz (web/vite.config.ts); the one the
  // client's Accept-Encoding prefers is sent as it is, with its own ETag — HTML pages included (sendFile).
  app.useStaticAssets({ root: join(dir, 'assets'), prefix: '/assets/', index: false, maxAge: '365d', immutable: true, wildcard: false, preCompressed: true });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return;
      const path = req.url.split('?')[0];
      if (NOT_PAGES.test(path)) return;
      const page = path === '/citizen' || path.startsWith('/citizen/') ? 'citizen/index.html' : isFilePath(path) ? null : 'index.html';
      if (!page) return;
      reply.header('Cache-Control', 'no-cache');
      return reply.sendFile(page, dir, { cacheControl: false });
    });
  return 'served';
}

/** `/robots.txt`, `/favicon.ico`: a file the build does not have, never a console route. */
function isFilePath(path: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(path);
}
