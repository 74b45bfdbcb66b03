import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { type Counties, CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import type { Hotspot, HotspotPolicy } from './hotspot.entity';
import { historyStats, isSpike } from './hotspot-statistics';
import { HotspotsRepository } from './hotspots.repository';

/** After a run, the next one waits at least this long: a burst of intakes makes one run, not one each. */
const MIN_GAP_MS = 1000;
/** When another instance holds the detector's lock, look again this much later. */
const BUSY_RETRY_MS = 1000;
/**
 * A growing hotspot looks for new cases from its last change minus a margin, not over its whole window:
 * an intake stamps its case before its transaction commits, so one committed just after a run may carry
 * a time before it. By milliseconds, usually: each run looks this far back.
 */
const LATE_COMMIT_MARGIN_MS = 5_000;
/**
 * Never by a minute: at least this often a run looks back a minute more than the usual margin (plus
 * the time since the last such run), so a case that commits up to a minute late still joins. Every run
 * looking a minute back re-read a minute of cases each second: under 500 intakes a second, 30,000 rows
 * a run and ~80 ms of a core, every second.
 */
const LATE_COMMIT_SWEEP_EVERY_MS = 30_000;
const LATE_COMMIT_SWEEP_MS = 60_000 + LATE_COMMIT_SWEEP_EVERY_MS;

export interface DetectorReport {
  detected: number;
  updated: number;
  ended: number;
}

interface Key {
  categoryCode: string;
  county: string;
}
const keyOf = (k: Key) => `${k.categoryCode}|${k.county}`;

/**
 * Finds spikes (热点): per category × county-level region, the cases of the sliding window (default
 * the last 2 hours) against the same clock-time window on each of the previous 28 days
 * (`hotspot-statistics.ts` says when that is a spike). Runs after intakes (at most once a second per
 * instance: `poke`) and every HOTSPOT_INTERVAL_SECONDS, so a hotspot also ends when nobody calls.
 *
 * Once across instances: a run holds a transaction-scoped advisory lock (another instance that finds it
 * taken tries again a second later), and a hotspot is a row that at most one can insert per key (a
 * partial unique index on the active ones). Its `hotspot.detected` and every `hotspot.updated` are
 * NOTIFYs sent by the transaction that made the change — at its commit, never for a rollback — which
 * every instance's live feed turns into socket messages for its own clients (`src/live/`).
 *
 * Cost per run: the window's cases and the same window on each history day — 29 index-only ranges of
 * `cases_created_keys_idx`, whatever the number of keys — flat as the table grows.
 */
@Injectable()
export class HotspotDetector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HotspotDetector.name);
  private timer?: NodeJS.Timeout;
  private later?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;
  private again = false;
  private lastRunAt = 0;
  /** When this instance's last run looked back the wide margin (LATE_COMMIT_SWEEP_MS). */
  private lastSweepAt = 0;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly hotspots: HotspotsRepository,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.hotspotIntervalSeconds === 0) return;
    this.timer = setInterval(() => this.poke(), this.config.hotspotIntervalSeconds * 1000);
    this.timer.unref();
    // A spike that built up while no instance ran is seen at once.
    this.poke();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.later);
  }

  /** Asks for a run soon (after an intake, a reclassification, or the timer): never more than one a second. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.later) return;
    const wait = this.lastRunAt + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.later = setTimeout(() => {
        this.later = undefined;
        this.poke();
      }, wait);
      this.later.unref();
      return;
    }
    this.lastRunAt = Date.now();
    this.running = this.detect()
      .then((report) => {
        if (report === null) this.retryLater();
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'hotspot detection failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private retryLater(): void {
    if (this.stopped || this.later) return;
    this.later = setTimeout(() => {
      this.later = undefined;
      this.poke();
    }, BUSY_RETRY_MS);
    this.later.unref();
  }

  /** One run; null when another instance is running one right now. */
  detect(): Promise<DetectorReport | null> {
    return this.db.transaction(async () => {
      if (!(await this.hotspots.lock())) return null;
      return this.run(this.clock.now());
    });
  }

  private async run(now: Date): Promise<DetectorReport> {
    const report: DetectorReport = { detected: 0, updated: 0, ended: 0 };
    const policy = await this.hotspots.policy();
    const active = await this.hotspots.active();
    if (!policy.enabled) {
      for (const h of active) await this.end(h, now, report);
      return report;
    }
    const counties = await this.catalog.counties();
    const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
    const counts = new Map<string, Key & { n: number }>();
    for (const row of await this.hotspots.windowCounts(windowStart, now)) {
      const county = counties.countyOf(row.regionCode);
      if (!county) continue; // the city as a whole, or a region outside the tree: no county to spike in
      const key = { categoryCode: row.categoryCode, county };
      const entry = counts.get(keyOf(key)) ?? { ...key, n: 0 };
      entry.n += row.n;
      counts.set(keyOf(key), entry);
    }
    const activeByKey = new Map(active.map((h) => [keyOf({ categoryCode: h.categoryCode, county: h.regionCode }), h]));
    const sinceSweep = now.getTime() - this.lastSweepAt;
    // (A clock set back, in the tests, sweeps too.)
    const sweep = sinceSweep >= LATE_COMMIT_SWEEP_EVERY_MS || sinceSweep < 0;
    const lateMargin = sweep ? LATE_COMMIT_SWEEP_MS : LATE_COMMIT_MARGIN_MS;

    // Every key over the threshold, and every active hotspot: their history decides.
    const keys = new Map<string, Key>();
    for (const [k, c] of counts) if (c.n >= policy.threshold) keys.set(k, c);
    for (const [k, h] of activeByKey) keys.set(k, { categoryCode: h.categoryCode, county: h.regionCode });
    const list = [...keys.values()];
    const history = new Map(list.map((k) => [keyOf(k), Array<number>(policy.historyDays).fill(0)]));
    for (const row of await this.hotspots.history([...new Set(list.map((k) => k.categoryCode))], now, policy.windowMinutes, policy.historyDays)) {
      const county = counties.countyOf(row.regionCode);
      const days = county ? history.get(keyOf({ categoryCode: row.categoryCode, county })) : undefined;
      if (days) days[row.d - 1] += row.n;
    }

    for (const key of list) {
      const n = counts.get(keyOf(key))?.n ?? 0;
      const stats = historyStats(history.get(keyOf(key))!, policy);
      const current = activeByKey.get(keyOf(key));
      if (current && !isSpike(n, stats)) {
        await this.end(current, now, report);
      } else if (current) {
        await this.grow(current, counties, windowStart, now, lateMargin, report);
      } else if (isSpike(n, stats)) {
        await this.open(key, n, counties, policy, stats, windowStart, now, report);
      }
    }
    // Only a run that got this far counts as the wide look back: a failed one is looked again next run.
    if (sweep) this.lastSweepAt = now.getTime();
    return report;
  }

  /** A new hotspot of the `n` cases in its window. */
  private async open(
    key: Key,
    n: number,
    counties: Counties,
    policy: HotspotPolicy,
    stats: ReturnType<typeof historyStats>,
    windowStart: Date,
    now: Date,
    report: DetectorReport,
  ): Promise<void> {
    const created = await this.hotspots.insert({
      categoryCode: key.categoryCode,
      regionCode: key.county,
      windowStart,
      windowEnd: now,
      windowMinutes: policy.windowMinutes,
      count: n,
      baseline: stats.mean,
      spread: stats.spread,
      threshold: stats.bound,
      detectedAt: now,
      updatedAt: now,
    });
    if (!created) return;
    const joined = await this.hotspots.joinWindow(created.id, key.categoryCode, counties.regionsOf(key.county), windowStart, now);
    // A case committed since the window was counted joins too: the count is of the cases in the hotspot.
    if (joined !== n) await this.hotspots.update(created.id, { count: joined });
    await this.hotspots.notify({ type: 'hotspot.detected', id: created.id, at: now.toISOString() });
    report.detected++;
  }

  /** Cases that arrived in the window since the last change (less `lateMargin`) join the hotspot. */
  private async grow(h: Hotspot, counties: Counties, windowStart: Date, now: Date, lateMargin: number, report: DetectorReport): Promise<void> {
    const from = new Date(Math.max(windowStart.getTime(), h.updatedAt.getTime() - lateMargin));
    const joined = await this.hotspots.joinWindow(h.id, h.categoryCode, counties.regionsOf(h.regionCode), from, now);
    if (joined === 0) return;
    await this.hotspots.update(h.id, { count: h.count + joined, windowEnd: now, updatedAt: now });
    await this.hotspots.notify({ type: 'hotspot.updated', id: h.id, at: now.toISOString() });
    report.updated++;
  }

  /** Its window fell back to the usual: the hotspot ends. */
  private async end(h: Hotspot, now: Date, report: DetectorReport): Promise<void> {
    await this.hotspots.update(h.id, { status: 'ended', endedAt: now, windowEnd: now, updatedAt: now });
    await this.hotspots.notify({ type: 'hotspot.updated', id: h.id, at: now.toISOString() });
    report.ended++;
  }
}
