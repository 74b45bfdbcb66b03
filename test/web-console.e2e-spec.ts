import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type TestApp } from './setup/test-app';

/**
 * How the Nest app serves the built web console: checked against a stand-in build in a temporary
 * folder, so this spec does not depend on `npm run build:web` (test/web.e2e-spec.ts drives the real one).
 */
describe('the web console', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-web-'));
    await mkdir(join(dir, 'citizen'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>staff</title>');
    await writeFile(join(dir, 'citizen', 'index.html'), '<!doctype html><title>citizen</title>');
    await writeFile(join(dir, 'assets', 'staff-AbC123.js'), 'console.log(1)');
    t = await startApp({ webDir: dir });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['/', '/intake', '/cases/8c1d3b1e-0000-4000-8000-000000000000', '/queues/dispatch'])('serves the staff console at %s, never cached', async (path) => {
    const res = await t.http().get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<title>staff</title>');
  });

  it.each(['/citizen', '/citizen/', '/citizen/lookup'])("serves the citizen's page at %s", async (path) => {
    const res = await t.http().get(path).expect(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<title>citizen</title>');
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await t.http().get('/assets/staff-AbC123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('leaves the API, its docs, health and the live path to the application', async () => {
    expect((await t.http().get('/api/nothing-here').expect(404)).body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await t.http().get('/api/cases').expect(401)).body).toMatchObject({ statusCode: 401 });
    expect((await t.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok' });
    expect((await t.http().get('/api/docs-json').expect(200)).body).toHaveProperty('openapi');
    expect((await t.http().get('/live').expect(404)).headers['content-type']).toMatch(/json/);
    expect((await t.http().get('/assets/missing-123.js').expect(404)).headers['content-type']).toMatch(/json/);
    expect((await t.http().get('/robots.txt').expect(404)).headers['content-type']).toMatch(/json/);
  });

  it('answers only GET and HEAD with pages', async () => {
    await t.http().post('/').send({}).expect(404);
    await t.http().head('/citizen').expect(200);
  });
});

describe('without a built web console', () => {
  it('still serves the API, and / is a plain 404', async () => {
    const t = await startApp({ webDir: join(tmpdir(), 'no-such-web-build') });
    try {
      await t.http().get('/health').expect(200);
      await t.http().get('/').expect(404);
    } finally {
      await t.close();
    }
  });
});
