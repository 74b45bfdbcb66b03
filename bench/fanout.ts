import { randomUUID } from 'node:crypto';
import { freePort } from '../src/database/embedded-database';
import type { FanOutClientsJob, FanOutClientsReport } from './fanout-clients';
import { type HttpContext, INTAKE_BODY } from './http';
import { type Child, compileStandalone, sampleRss, sleep, startChild, tsNodeArgs, waitForOutput } from './lib/processes';
import { type BenchResult, ratioOf } from './lib/report';

export const SUBSCRIBERS = 2_000;
export const EVENTS_PER_SECOND = 10;
export const FAN_OUT_SECONDS = 15;
/** The ceiling for the app's resident memory with SUBSCRIBERS live sockets. */
export const FAN_OUT_RSS_MB = 250;
/** After the last event: the contract promises delivery within a second under normal load. */
const GRACE_MS = 3_000;

/** Waits for one IPC message that has `field`, or fails after `timeoutMs`. */
function nextMessage<T>(child: Child, field: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${field}" from the subscribers within ${timeoutMs} ms:\n${child.output()}`)), timeoutMs);
    const onMessage = (message: Record<string, unknown>) => {
      if (!(field in message)) return;
      clearTimeout(timer);
      child.process.off('message', onMessage);
      resolve(message as T);
    };
    child.process.on('message', onMessage);
  });
}

/** The subscribers' process, connected: SUBSCRIBERS clients, or an error saying how many failed. */
async function subscribe(job: Omit<FanOutClientsJob, 'count' | 'batch'>): Promise<{ child: Child; connectSeconds: number }> {
  const child = startChild(process.execPath, tsNodeArgs('bench/fanout-clients.ts'), {
    name: 'subscribers',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const started = Date.now();
  child.process.send({ job: { ...job, count: SUBSCRIBERS, batch: 100 } satisfies FanOutClientsJob });
  const ready = await nextMessage<{ connected: number; failed: number }>(child, 'ready', 180_000);
  if (ready.failed > 0) {
    await child.stop(2_000);
    throw new Error(`${ready.failed} of ${SUBSCRIBERS} subscribers could not connect to ${job.url}`);
  }
  return { child, connectSeconds: (Date.now() - started) / 1000 };
}

async function report(child: Child, keys: string[], answeredAt?: Record<string, number>): Promise<FanOutClientsReport> {
  child.process.send({ finish: keys, answeredAt });
  const { report } = await nextMessage<{ report: FanOutClientsReport }>(child, 'report', 60_000);
  await child.stop(2_000);
  return report;
}

/** The bare socket.io broadcast: EVENTS_PER_SECOND messages with a timestamp to every subscriber. */
async function measureBare(log: (line: string) => void): Promise<FanOutClientsReport & { peakRssMb: number | null }> {
  const port = await freePort();
  const server = startChild(process.execPath, [compileStandalone('bench/fanout-bare-server.ts')], {
    name: 'bare-socket.io',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_PORT: String(port), BENCH_RATE: String(EVENTS_PER_SECOND), BENCH_SECONDS: String(FAN_OUT_SECONDS) },
  });
  try {
    await waitForOutput(server, 'LISTENING', 30_000);
    const { child, connectSeconds } = await subscribe({ url: `http://127.0.0.1:${port}/live`, event: 'tick' });
    log(`fan-out: ${SUBSCRIBERS} subscribers on the bare server in ${connectSeconds.toFixed(1)} s`);
    const rss = sampleRss(server.pid);
    server.process.stdin?.write('go\n');
    await waitForOutput(server, 'SENT ', (FAN_OUT_SECONDS + 30) * 1000);
    await sleep(GRACE_MS);
    const peakRssMb = rss.stop();
    const line = server.output().split('\n').find((l) => l.startsWith('SENT '))!;
    const keys = JSON.parse(line.slice('SENT '.length)) as string[];
    return { ...(await report(child, keys)), peakRssMb };
  } finally {
    await server.stop(5_000);
  }
}

/**
 * The app: supervisors subscribed to `/live`; intakes (water.supply: one `case.created` event each)
 * logged at EVENTS_PER_SECOND; each arrival's delay is measured from the event's `at`, the time the
 * intake stamped on the case (so it includes the intake's own transaction).
 */
async function measureApp(ctx: HttpContext): Promise<FanOutClientsReport & { peakRssMb: number | null; failedIntakes: number }> {
  const { child, connectSeconds } = await subscribe({
    url: `${ctx.app.base}/live`,
    auth: { token: ctx.supervisorToken },
    event: 'case.event',
    type: 'case.created',
  });
  ctx.log(`fan-out: ${SUBSCRIBERS} supervisors subscribed to the app's /live in ${connectSeconds.toFixed(1)} s`);
  const rss = sampleRss(ctx.app.child.pid);
  const total = EVENTS_PER_SECOND * FAN_OUT_SECONDS;
  const started = Date.now();
  const posts: Promise<string | null>[] = [];
  const answeredAt: Record<string, number> = {};
  for (let n = 0; n < total; n++) {
    const wait = started + (n * 1000) / EVENTS_PER_SECOND - Date.now();
    if (wait > 0) await sleep(wait);
    posts.push(
      fetch(`${ctx.app.base}/api/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.operatorToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(INTAKE_BODY),
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (res) => {
          const at = Date.now();
          if (res.status !== 201) return null;
          const { id } = (await res.json()) as { id: string };
          answeredAt[id] = at;
          return id;
        })
        .catch(() => null),
    );
  }
  const ids = await Promise.all(posts);
  await sleep(GRACE_MS);
  const peakRssMb = rss.stop();
  const keys = ids.filter((id): id is string => id !== null);
  return { ...(await report(child, keys, answeredAt)), peakRssMb, failedIntakes: total - keys.length };
}

export async function measureFanOut(ctx: HttpContext): Promise<BenchResult[]> {
  const app = await measureApp(ctx);
  ctx.log(
    `fan-out: app delivered ${app.delivered}/${app.expected}, p50 ${app.p50} ms, p99 ${app.p99} ms, max ${app.max} ms ` +
      `(from the HTTP answer: p50 ${app.afterAnswer?.p50} ms, p99 ${app.afterAnswer?.p99} ms)`,
  );
  const bare = await measureBare(ctx.log);
  ctx.log(`fan-out: bare delivered ${bare.delivered}/${bare.expected}, p50 ${bare.p50} ms, p99 ${bare.p99} ms, max ${bare.max} ms`);
  const share = (r: FanOutClientsReport) => (r.expected ? Math.round((10000 * r.delivered) / r.expected) / 100 : null);
  const appShare = share(app);
  const ratio = ratioOf(app.p99, bare.p99);
  const complete = appShare === 100 && app.failedIntakes === 0;
  const setup = `${SUBSCRIBERS} subscribers, ${EVENTS_PER_SECOND} events/s for ${FAN_OUT_SECONDS} s`;
  return [
    {
      name: 'fan-out',
      unit: 'ms',
      value: app.p99,
      baseline: bare.p99,
      ratio,
      target: '100% delivered, p99 ≤ 1.5× bare',
      pass: complete && ratio !== null && ratio <= 1.5,
      note:
        `p99 from the event's \`at\` (stamped by the intake, so it includes its transaction) to arrival at a supervisor on /live; ${setup}; ` +
        `the bare socket.io server broadcasts {key, at} at the same rate; app max ${app.max} ms, bare max ${bare.max} ms; ` +
        `measured instead from the moment the producer had the intake's HTTP answer (after the commit): p50 ${app.afterAnswer?.p50} ms, p99 ${app.afterAnswer?.p99} ms` +
        (app.failedIntakes ? `; ${app.failedIntakes} intakes failed` : '') +
        (app.duplicates ? `; ${app.duplicates} duplicate arrivals` : ''),
    },
    {
      name: 'fan-out-p50',
      unit: 'ms',
      value: app.p50,
      baseline: bare.p50,
      ratio: ratioOf(app.p50, bare.p50),
      target: null,
      pass: null,
      note: 'median delay, same runs',
    },
    {
      name: 'fan-out-delivered',
      unit: '%',
      value: appShare,
      baseline: share(bare),
      ratio: ratioOf(appShare, share(bare)),
      target: '100%',
      pass: complete,
      note: `app ${app.delivered} of ${app.expected} expected arrivals (events × subscribers); bare ${bare.delivered} of ${bare.expected}`,
    },
    {
      name: 'fan-out-rss',
      unit: 'MB',
      value: app.peakRssMb === null ? null : Math.round(app.peakRssMb),
      baseline: bare.peakRssMb === null ? null : Math.round(bare.peakRssMb),
      ratio: ratioOf(app.peakRssMb, bare.peakRssMb),
      target: `≤ ${FAN_OUT_RSS_MB} MB`,
      pass: app.peakRssMb === null ? null : app.peakRssMb <= FAN_OUT_RSS_MB,
      note: `peak resident memory of the app (and of the bare server) while ${SUBSCRIBERS} subscribers are connected and events flow`,
    },
  ];
}
