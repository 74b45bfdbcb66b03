import { cpuMs, sampleRss, startChild, tsNodeArgs } from './processes';

export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Rotate over these paths (each request takes the next). */
  paths?: string[];
  /** Replace `[<id>]` in headers and body with a fresh id per request. */
  idReplacement?: boolean;
}

export interface LoadResult {
  requests: number;
  /** Requests of the warm-up run (not in the figures; counted for CPU per request). */
  warmupRequests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 2xx answers per second. */
  rps: number;
  rpsMean: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, { count: number }>;
}

/**
 * Runs one load job from a separate process (bench/load-worker.ts) against a server whose peak
 * resident memory and CPU time are measured meanwhile; bounded by a hard timeout.
 */
export async function runLoad(
  job: LoadJob,
  serverPid: number,
): Promise<LoadResult & { peakRssMb: number | null; cpuMsPerRequest: number | null }> {
  const rss = sampleRss(serverPid);
  const cpuBefore = cpuMs(serverPid);
  const child = startChild(process.execPath, tsNodeArgs('bench/load-worker.ts'), {
    name: 'autocannon',
    env: { ...process.env, BENCH_LOAD: JSON.stringify(job) },
  });
  const limitMs = (job.seconds + job.warmupSeconds + 60) * 1000;
  const timer = setTimeout(() => void child.stop(2_000), limitMs);
  const code = await child.exited;
  clearTimeout(timer);
  const peakRssMb = rss.stop();
  const cpuAfter = cpuMs(serverPid);
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`The load generator failed (exit ${code}):\n${child.output()}`);
  const result = JSON.parse(line.slice('RESULT '.length)) as LoadResult;
  const answered = result.requests + result.warmupRequests;
  // The server's CPU time over warm-up and run, per request answered: what one request costs it.
  const cpuMsPerRequest = cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null;
  return { ...result, peakRssMb, cpuMsPerRequest };
}
