/**
 * What the consoles and the API put on the wire. The built files are served precompressed (Brotli or gzip,
 * as the client asks), the API's answers compressed per request, and nothing else changes for it: the
 * security headers, ETags and 304s, HEAD, the body limit (413), the live socket. And a first load stays
 * within its budget — the staff console's JavaScript ≤ 400 KB on the wire, the citizen's ≤ 120 KB —
 * weighed by fetching from the running app, with `Accept-Encoding: br, gzip`, every script a first load
 * needs: those the served HTML names, then the landing page's chunk and its static imports (Vite's
 * manifest). The figures it prints are the README's ("How it is built and served").
 */
import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { io } from 'socket.io-client';
import { MAX_JSON_BODY_BYTES } from '../src/common/json-body';
import { DEMO_PASSWORD } from '../src/demo/demo-data';
import { startApp, type TestApp } from './setup/test-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';
import { readManifest, urlsInHtml, urlsOfPage } from './support/first-load';
import { listen } from './support/live-client';

const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');
const KB = 1024;
const STAFF_BUDGET = 400 * KB;
const CITIZEN_BUDGET = 120 * KB;

/** The landing page of each role (web/src/staff/home.ts), by its source file in the manifest. */
const LANDING: Record<string, string> = {
  'operator (/intake)': 'src/staff/pages/IntakePage.tsx',
  'handler, dept_lead (/inbox)': 'src/staff/pages/InboxPage.tsx',
  'supervisor, admin (/monitor)': 'src/staff/pages/MonitorPage.tsx',
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire (not decoded). */
  body: Buffer;
}

/** A raw HTTP request: Node's client does not decode, so `body` is exactly what was transferred. */
function fetchRaw(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', payload?: Buffer | string): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function decode(answer: Answer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return gunzipSync(answer.body);
  return answer.body;
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

jest.setTimeout(90_000);

describe('on the wire: compression and the weight of a first load', () => {
  let db: TestDatabase;
  let t: TestApp;
  let base: string;
  let token: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, '.vite', 'manifest.json'))) throw new Error(`No web build (with its manifest) in ${WEB_DIR}: run \`npm run build:web\``);
    Logger.overrideLogger(['error', 'warn']);
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    t = await startApp({ webDir: WEB_DIR }, undefined, undefined, { databaseUrl: db.url });
    base = await listen(t);
    token = (await t.http().post('/api/auth/login').send({ username: 'op1', password: DEMO_PASSWORD })).body.accessToken;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('the API', () => {
    const auth = () => ({ authorization: `Bearer ${token}` });

    it('answers in Brotli or gzip as Accept-Encoding asks, the same JSON, with its security headers', async () => {
      const plain = await fetchRaw(base, '/api/catalog/categories', auth());
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const json = JSON.parse(plain.body.toString('utf8'));
      expect(plain.body.length).toBeGreaterThan(1024); // big enough to be compressed

      for (const [accept, expected] of [
        ['br, gzip', 'br'],
        ['gzip, deflate, br, zstd', 'br'], // what Chromium sends
        ['gzip', 'gzip'],
        ['br;q=0.1, gzip;q=1', 'gzip'],
      ] as const) {
        const answer = await fetchRaw(base, '/api/catalog/categories', { ...auth(), 'accept-encoding': accept });
        expect({ accept, status: answer.status, encoding: answer.headers['content-encoding'] }).toEqual({ accept, status: 200, encoding: expected });
        expect(answer.headers.vary).toMatch(/accept-encoding/i);
        expect(answer.body.length).toBeLessThan(plain.body.length / 2);
        expect(JSON.parse(decode(answer).toString('utf8'))).toEqual(json);
        expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
        expect(answer.headers['x-frame-options']).toBe('DENY');
        expect(answer.headers['x-request-id']).toBeTruthy();
      }
      // Nothing it can decode, or "identity": as it is.
      expect((await fetchRaw(base, '/api/catalog/categories', { ...auth(), 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
      expect((await fetchRaw(base, '/api/catalog/categories', { ...auth(), 'accept-encoding': 'compress' })).headers['content-encoding']).toBeUndefined();
    });

    it('leaves small answers as they are, answers HEAD without a body, and compresses the CSV', async () => {
      const small = await fetchRaw(base, '/api/auth/me', { ...auth(), 'accept-encoding': 'br' });
      expect(small.status).toBe(200);
      expect(small.headers['content-encoding']).toBeUndefined(); // under 1 KB: not worth it

      const head = await fetchRaw(base, '/api/catalog/categories', { ...auth(), 'accept-encoding': 'br' }, 'HEAD');
      expect(head.status).toBe(200);
      expect([undefined, 'br']).toContain(head.headers['content-encoding']);
      expect(head.body.length).toBe(0);

      const csv = await fetchRaw(base, '/api/stats/departments.csv?from=2020-01-01&to=2020-01-31', {
        authorization: `Bearer ${(await t.http().post('/api/auth/login').send({ username: 'sup1', password: DEMO_PASSWORD })).body.accessToken}`,
        'accept-encoding': 'gzip',
      });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      if (csv.headers['content-encoding']) expect(csv.headers['content-encoding']).toBe('gzip');
      expect(decode(csv).toString('utf8').length).toBeGreaterThan(0);
    });

    it('keeps the body limit: a body over 1 MB is a 413, and a compressed body is never inflated', async () => {
      const huge = JSON.stringify({ username: 'x'.repeat(MAX_JSON_BODY_BYTES + 10), password: 'y' });
      const tooBig = await fetchRaw(base, '/api/auth/login', { 'content-type': 'application/json', 'accept-encoding': 'br' }, 'POST', huge);
      expect(tooBig.status).toBe(413);
      expect(JSON.parse(decode(tooBig).toString('utf8')).statusCode).toBe(413);

      // A small gzip body that would inflate to far more than the limit: refused as it is, never unpacked.
      const { gzipSync } = await import('node:zlib');
      const bomb = gzipSync(Buffer.from(JSON.stringify({ username: 'a'.repeat(4 * MAX_JSON_BODY_BYTES), password: 'b' })));
      const refused = await fetchRaw(base, '/api/auth/login', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'POST', bomb);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    });

    it('leaves the live socket alone: polling and websocket both connect', async () => {
      for (const transports of [['polling'], ['websocket']]) {
        const socket = io(`${base}/live`, { auth: { token }, transports, reconnection: false, forceNew: true, extraHeaders: { 'accept-encoding': 'br, gzip' } });
        await new Promise<void>((done, fail) => {
          socket.once('connect', () => done());
          socket.once('connect_error', fail);
        });
        expect(socket.connected).toBe(true);
        socket.close();
      }
    });
  });

  describe('the consoles', () => {
    const manifest = () => readManifest(WEB_DIR);

    it('serves the built files precompressed, with their ETag, 304 and a year of caching', async () => {
      const entry = `/${manifest()['index.html'].file}`;
      const raw = readFileSync(join(WEB_DIR, entry));
      for (const [accept, encoding, file] of [
        ['br, gzip', 'br', `${entry}.br`],
        ['gzip', 'gzip', `${entry}.gz`],
        ['', undefined, entry],
      ] as const) {
        const answer = await fetchRaw(base, entry, accept ? { 'accept-encoding': accept } : {});
        expect({ accept, status: answer.status, encoding: answer.headers['content-encoding'] }).toEqual({ accept, status: 200, encoding });
        // The very file the build wrote: no compression per request.
        expect(answer.body.equals(readFileSync(join(WEB_DIR, file)))).toBe(true);
        expect(decode(answer).equals(raw)).toBe(true);
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(answer.headers['content-type']).toMatch(/javascript/);
        if (encoding) expect(answer.headers.vary).toMatch(/accept-encoding/i);

        const again = await fetchRaw(base, entry, { ...(accept ? { 'accept-encoding': accept } : {}), 'if-none-match': String(answer.headers.etag) });
        expect(again.status).toBe(304);
        expect(again.body.length).toBe(0);
      }
      const head = await fetchRaw(base, entry, { 'accept-encoding': 'br' }, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers['content-encoding']).toBe('br');
      expect(head.body.length).toBe(0);
    });

    it('serves the pages compressed, under their Content-Security-Policy, revalidated by ETag', async () => {
      for (const path of ['/', '/intake', '/citizen']) {
        const page = await fetchRaw(base, path, { 'accept-encoding': 'br, gzip' });
        expect({ path, status: page.status, encoding: page.headers['content-encoding'] }).toEqual({ path, status: 200, encoding: 'br' });
        expect(decode(page).toString('utf8')).toContain('<div id="root">');
        expect(page.headers['content-security-policy']).toContain("script-src 'self'");
        expect(page.headers['cache-control']).toBe('no-cache');
        const again = await fetchRaw(base, path, { 'accept-encoding': 'br, gzip', 'if-none-match': String(page.headers.etag) });
        expect(again.status).toBe(304);
      }
    });

    /** Fetches each URL as a browser with `Accept-Encoding: br, gzip` would, and adds up the bytes transferred. */
    async function weigh(urls: string[]): Promise<{ js: number; css: number; files: number }> {
      let js = 0;
      let css = 0;
      for (const url of urls) {
        const answer = await fetchRaw(base, url, { 'accept-encoding': 'br, gzip' });
        expect({ url, status: answer.status }).toEqual({ url, status: 200 });
        if (url.endsWith('.js')) js += answer.body.length;
        else if (url.endsWith('.css')) css += answer.body.length;
      }
      return { js, css, files: urls.length };
    }

    async function htmlOf(path: string): Promise<{ bytes: number; urls: string[] }> {
      const page = await fetchRaw(base, path, { 'accept-encoding': 'br, gzip' });
      return { bytes: page.body.length, urls: urlsInHtml(decode(page).toString('utf8')) };
    }

    it(`keeps the citizen's first load within ${CITIZEN_BUDGET / KB} KB of JavaScript`, async () => {
      const html = await htmlOf('/citizen');
      const weight = await weigh(html.urls);
      console.log(`citizen (/citizen): JavaScript ${kb(weight.js)}, CSS ${kb(weight.css)}, HTML ${kb(html.bytes)} on the wire (${weight.files} files)`);
      expect(weight.js).toBeGreaterThan(30 * KB); // React is in it: the weighing saw the real files
      expect(weight.js).toBeLessThanOrEqual(CITIZEN_BUDGET);
      // No antd, no ECharts, no socket.io client (that one comes only with a case on screen).
      expect(html.urls.join(' ')).not.toMatch(/echarts|antd|ActionBar/i);
    });

    it(`keeps each role's first load of the staff console within ${STAFF_BUDGET / KB} KB of JavaScript`, async () => {
      const html = await htmlOf('/');
      const login = await weigh(html.urls);
      console.log(`staff login (/): JavaScript ${kb(login.js)}, CSS ${kb(login.css)}, HTML ${kb(html.bytes)} on the wire (${login.files} files)`);
      const echarts = Object.entries(manifest())
        .filter(([key]) => /node_modules\/(echarts|zrender)\//.test(key) || /echarts/i.test(key))
        .map(([, chunk]) => `/${chunk.file}`);
      for (const [who, source] of Object.entries(LANDING)) {
        const urls = [...new Set([...html.urls, ...urlsOfPage(manifest(), source)])];
        const weight = await weigh(urls);
        console.log(`staff ${who}: JavaScript ${kb(weight.js)}, CSS ${kb(weight.css)}, HTML ${kb(html.bytes)} on the wire (${weight.files} files)`);
        expect(weight.js).toBeGreaterThan(login.js); // the page's own chunks were counted
        expect({ who, js: weight.js <= STAFF_BUDGET }).toEqual({ who, js: true });
        // ECharts only on the pages that draw charts.
        expect(urls.filter((u) => echarts.includes(u))).toEqual([]);
      }
      // …which do load it.
      const figures = urlsOfPage(manifest(), 'src/staff/pages/FiguresPage.tsx');
      expect(figures.some((u) => /echarts/.test(u))).toBe(true);
    });
  });
});
