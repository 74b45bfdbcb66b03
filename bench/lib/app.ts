import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-database';
import { type Child, ROOT, startChild, waitForHttp } from './processes';

/** The V8 flags the app runs with, as `npm start` and the Dockerfile start it (README, "Live updates"). */
export const APP_NODE_FLAGS = ['--max-semi-space-size=16', '--max-old-space-size=512'];

export interface RunningApp {
  child: Child;
  port: number;
  base: string;
}

/**
 * The real server (`node --max-semi-space-size=16 --max-old-space-size=512 dist/src/main.js`, built by `npm run bench`) on the benchmark database: its
 * start-up runs the migrations and seeds the demo city. The sweep is off (it would compete with the
 * measurements; `env` may turn it on) and the per-client limits are raised: the load comes from one address.
 */
export async function startApp(databaseUrl: string, nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningApp> {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm run bench does)`);
  const port = await freePort();
  const child = startChild(process.execPath, [...APP_NODE_FLAGS, ...nodeArgs, main], {
    name: 'app',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SWEEP_INTERVAL_SECONDS: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      LOOKUP_FAILURES_PER_HOUR: '1000000',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, child, 120_000);
  return { child, port, base };
}

/** Logs a demo user in; the bearer token. */
export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo12345' }),
  });
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
