import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const postgresProcessesIn = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dir]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describe('the embedded PostgreSQL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-embedded-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps its data across a restart on a new free port, and leaves no server process behind', async () => {
    const script = join(__dirname, 'support', 'embedded-restart.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], {
      cwd: join(__dirname, '..'),
      timeout: 60_000,
    });
    const report = JSON.parse(stdout);
    expect(report.rows).toEqual([{ note: 'still here' }]);
    expect(report.secondUrl).not.toBe(report.firstUrl);
    expect(postgresProcessesIn(dir)).toEqual([]);
  }, 90_000);
});
