import { startApp, type TestApp } from './setup/test-app';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('is 200 once the database is reachable and migrated', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', migrations: 'current' });
  });

  it('serves the OpenAPI document describing the API', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/cases', '/api/cases/{id}', '/api/public/letters', '/api/public/cases/{trackingCode}']),
    );
  });
});

describe('GET /health without a database', () => {
  it('is 503 when the database cannot be reached', async () => {
    const t = await startApp();
    try {
      await t.dataSource.destroy();
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', database: 'down', migrations: 'unknown' });
    } finally {
      await t.close();
    }
  });
});
