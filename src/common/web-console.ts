import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the pages never answer: the API, its docs, health, and the live connection. */
const NOT_PAGES = /^\/(api|health|live|socket\.io|assets)(\/|$)/;

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
export function serveWebConsole(app: NestExpressApplication, dir: string): WebConsoleStatus {
  const staffPage = join(dir, 'index.html');
  const citizenPage = join(dir, 'citizen', 'index.html');
  if (!existsSync(staffPage) || !existsSync(citizenPage)) return 'not-built';

  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets',
    index: false,
    maxAge: '365d',
    immutable: true,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.path)) return next();
    const page = req.path === '/citizen' || req.path.startsWith('/citizen/') ? citizenPage : isFilePath(req.path) ? null : staffPage;
    if (!page) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page, { cacheControl: false }, (error) => error && next(error));
  });
  return 'served';
}

/** `/robots.txt`, `/favicon.ico`: a file the build does not have, never a console route. */
function isFilePath(path: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(path);
}
