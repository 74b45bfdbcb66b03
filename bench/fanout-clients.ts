/**
 * The subscribers of the fan-out measurement, in a process of their own (forked with an IPC channel):
 * opens `count` socket.io clients (websocket transport) to `url`, and records, for every message of
 * `event`, its key and its delay from the `at` it carries to its arrival here. Same machine, same clock.
 *
 * IPC: the parent sends a FanOutClientsJob; this process answers {ready, connected, failed} once every
 * client connected or failed; on {finish: keys, answeredAt?} it answers a FanOutClientsReport for those
 * keys only (`answeredAt`: when the producer got each key's HTTP answer, for a second set of delays).
 */
import { io, type Socket } from 'socket.io-client';

export interface FanOutClientsJob {
  url: string;
  count: number;
  auth?: Record<string, unknown>;
  /** The event to listen to and, for the app's `case.event`, the type to count. */
  event: string;
  type?: string;
  /** How many handshakes at once. */
  batch: number;
}

export interface FanOutClientsReport {
  expected: number;
  delivered: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** Arrivals that repeated one already counted on the same client. */
  duplicates: number;
  /** Delays from the producer's HTTP answer instead of `at` (negative: the event came first). */
  afterAnswer: { p50: number | null; p99: number | null } | null;
}

interface Message {
  type?: string;
  caseId?: string;
  key?: string;
  at: string | number;
}

const sockets: Socket[] = [];
/** key → arrival times (ms since the epoch), one per client that got it, and the message's `at`. */
const arrivals = new Map<string, { at: number; times: number[] }>();
let duplicates = 0;

function record(job: FanOutClientsJob, seen: Set<string>, m: Message): void {
  const now = Date.now();
  if (job.type && m.type !== job.type) return;
  const key = m.key ?? m.caseId;
  if (!key) return;
  if (seen.has(key)) {
    duplicates++;
    return;
  }
  seen.add(key);
  const entry = arrivals.get(key) ?? { at: typeof m.at === 'number' ? m.at : Date.parse(m.at), times: [] };
  entry.times.push(now);
  arrivals.set(key, entry);
}

function connectOne(job: FanOutClientsJob): Promise<boolean> {
  const socket = io(job.url, { auth: job.auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
  sockets.push(socket);
  const seen = new Set<string>();
  socket.on(job.event, (m: Message) => record(job, seen, m));
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);

process.on('message', (message: { job?: FanOutClientsJob; finish?: string[]; answeredAt?: Record<string, number> }) => {
  void (async () => {
    if (message.job) {
      const job = message.job;
      let connected = 0;
      for (let i = 0; i < job.count; i += job.batch) {
        const results = await Promise.all(Array.from({ length: Math.min(job.batch, job.count - i) }, () => connectOne(job)));
        connected += results.filter(Boolean).length;
      }
      process.send?.({ ready: true, connected, failed: job.count - connected });
    }
    if (message.finish) {
      const delays: number[] = [];
      const afterAnswer: number[] = [];
      let delivered = 0;
      for (const key of message.finish) {
        const entry = arrivals.get(key);
        if (!entry) continue;
        delivered += entry.times.length;
        const answered = message.answeredAt?.[key];
        for (const t of entry.times) {
          delays.push(t - entry.at);
          if (answered !== undefined) afterAnswer.push(t - answered);
        }
      }
      delays.sort((a, b) => a - b);
      afterAnswer.sort((a, b) => a - b);
      const report: FanOutClientsReport = {
        expected: message.finish.length * sockets.length,
        delivered,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: delays.length ? delays[delays.length - 1] : null,
        duplicates,
        afterAnswer: message.answeredAt ? { p50: percentile(afterAnswer, 50), p99: percentile(afterAnswer, 99) } : null,
      };
      for (const s of sockets) s.close();
      process.send?.({ report }, () => process.exit(0));
    }
  })();
});
