/**
 * The load generator, run in its own process so that it does not share an event loop (or a core's
 * scheduling) with the harness: autocannon with a warm-up, then the measured run. Reads its job from the
 * BENCH_LOAD environment variable (JSON, see LoadJob) and prints one line `RESULT <json>` (a LoadResult).
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './lib/load';

async function run(job: LoadJob, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  const paths = job.paths;
  const options: autocannon.Options = {
    url: job.url,
    method: job.method,
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: seconds,
    timeout: 10,
    // `[<id>]` in the headers or body becomes a new id in every request (the Idempotency-Key).
    idReplacement: job.idReplacement ?? false,
    // Rotating paths: every request takes the next one (lookups over a pool of cases).
    requests: paths ? [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }] : undefined,
  };
  return autocannon(options);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_LOAD ?? '') as LoadJob;
  const warm = job.warmupSeconds > 0 ? await run(job, job.warmupSeconds) : null;
  const r = await run(job, job.seconds);
  const ok = r['2xx'];
  const result: LoadResult = {
    requests: r.requests.total,
    warmupRequests: warm?.requests.total ?? 0,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
    // Successful answers per second of the measured run; autocannon's own mean of per-second counts is kept too.
    rps: ok / r.duration,
    rpsMean: r.requests.average,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    statusCodes: r.statusCodeStats as unknown as Record<string, { count: number }>,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
