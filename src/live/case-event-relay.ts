import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseEventsNotifier } from '../cases/case-events.notifier';
import { CASE_EVENTS_CHANNEL, LiveEventsRepository } from './live-events.repository';
import type { CommittedEvent, DepartmentDirectory } from './live-scope';
import { PgListener } from './pg-listener';
import { advance, type RelayPosition } from './relay-position';

/** Events read per statement. */
const BATCH = 1000;
/** The safety net: read even when nobody said anything changed. */
const POLL_MS = 500;
/** Other instances are woken at most this often (a burst of commits sends one NOTIFY per window). */
const NOTIFY_EVERY_MS = 20;
/**
 * Under a stream of commits, reads start at most this often: each read then takes the events of
 * several commits at once, instead of one statement per commit competing with the commits themselves
 * (at 4 ms the relay still read about once per intake at 200 intakes/s). A quiet system reads at once,
 * so live delivery waits for this only when commits arrive faster than it.
 */
const READ_EVERY_MS = 20;
/** A hole in `seq` usually fills within milliseconds; only one that lasts costs a transaction id. */
const HOLE_GRACE_MS = 25;
/** How often a hole waiting for older transactions to end is looked at again. */
const HOLE_RETRY_MS = 100;
const SHUTDOWN_WAIT_MS = 2000;

export type RelayListener = (events: CommittedEvent[], directory: DepartmentDirectory) => void;

/**
 * Reads committed timeline events and hands them to the live feed in `seq` order, each exactly once,
 * never one that rolled back, and never stepping over one that commits late (the rule is in
 * `relay-position.ts`). Every instance runs its own relay on the same table, so an event committed
 * through any instance reaches the clients of all of them with nothing but PostgreSQL in between.
 *
 * Woken by the instance's own commits (in process, at once), by the other instances' commits
 * (LISTEN/NOTIFY, sent outside the business transactions: a NOTIFY pending in a transaction takes a
 * global lock at commit), and by a poll, in case a wake-up is lost.
 */
@Injectable()
export class CaseEventRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CaseEventRelay.name);
  private readonly listeners = new Set<RelayListener>();
  private position: RelayPosition = { lastSeq: 0, gap: null };
  private holeSeenAt = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private failing = false;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private holeTimer: NodeJS.Timeout | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;
  private lastNotifyAt = 0;
  private unsubscribe: (() => void) | null = null;
  private pgListener: PgListener | null = null;
  private lastReadAt = 0;
  private readTimer: NodeJS.Timeout | null = null;
  /** Sent with this instance's NOTIFYs, so that it does not wake itself once more for its own commits. */
  private readonly instanceId = randomUUID();

  constructor(
    private readonly events: LiveEventsRepository,
    private readonly notifier: CaseEventsNotifier,
    private readonly dataSource: DataSource,
  ) {}

  /** Every event up to here has been handed to the listeners (or will never commit). */
  get lastSeq(): number {
    return this.position.lastSeq;
  }

  /** `listener` gets each batch of events, in `seq` order, synchronously. Returns the unsubscriber. */
  subscribe(listener: RelayListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Clients connect after boot, and `resume` replays from the table: start from what is there now.
    this.position = { lastSeq: await this.events.maxSeq(), gap: null };
    this.stopped = false;
    this.unsubscribe = this.notifier.subscribe(() => {
      this.wake();
      this.wakeOtherInstances();
    });
    const url = (this.dataSource.options as { url?: string }).url;
    if (url) {
      this.pgListener = new PgListener(url, CASE_EVENTS_CHANNEL, (sender) => sender !== this.instanceId && this.wake(), this.logger);
      await this.pgListener.start();
    }
    this.pollTimer = setInterval(() => this.wake(), POLL_MS);
    this.pollTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of [this.pollTimer, this.holeTimer, this.notifyTimer, this.readTimer]) if (timer) clearTimeout(timer);
    await this.pgListener?.stop();
    // Let a pass in flight finish before the pool closes, but do not hang the shutdown on a dead database.
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
  }

  /** Reads now, right after the pass in progress, or (under a stream of commits) READ_EVERY_MS after the last read began. */
  wake(): void {
    if (this.stopped || !this.dataSource.isInitialized) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.readTimer) return;
    const wait = this.lastReadAt + READ_EVERY_MS - Date.now();
    if (wait > 0) {
      this.readTimer = setTimeout(() => {
        this.readTimer = null;
        this.wake();
      }, wait);
      this.readTimer.unref();
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      if (this.lastReadAt + READ_EVERY_MS > Date.now()) await new Promise((resolve) => setTimeout(resolve, this.lastReadAt + READ_EVERY_MS - Date.now()));
      // Shut down while waiting: the pool may be gone.
      if (this.stopped || !this.dataSource.isInitialized) return;
      this.lastReadAt = Date.now();
      try {
        await this.pass();
        if (this.failing) this.logger.log('Reading the timeline again');
        this.failing = false;
      } catch (error) {
        // Once per outage, not once per poll.
        if (!this.failing && !this.stopped) this.logger.error(error, 'Cannot read the timeline; live events wait until it can');
        this.failing = true;
      }
    } while (this.again && !this.stopped && this.dataSource.isInitialized);
  }

  private async pass(): Promise<void> {
    for (;;) {
      const gap = this.position.gap;
      if (gap && gap.horizon === null && Date.now() - this.holeSeenAt >= HOLE_GRACE_MS) {
        this.position = { ...this.position, gap: { ...gap, horizon: await this.events.newHorizon() } };
      }
      const { events, xmin } = await this.events.readAfter(this.position.lastSeq, BATCH);
      if (events.length === 0) return;
      const { publish, position } = advance(this.position, events.map((e) => e.seq), xmin);
      if (position.gap && position.gap !== this.position.gap) this.holeSeenAt = Date.now();
      if (publish.length > 0) {
        const directory = await this.events.directory();
        if (this.stopped) return;
        this.position = position;
        const published = new Set(publish);
        this.handOver(events.filter((e) => published.has(e.seq)), directory);
      } else {
        this.position = position;
      }
      if (position.gap) {
        this.lookAtHoleAgain(position.gap.horizon === null ? HOLE_GRACE_MS : HOLE_RETRY_MS);
        return;
      }
      if (events.length < BATCH) return;
    }
  }

  private handOver(events: CommittedEvent[], directory: DepartmentDirectory): void {
    for (const listener of this.listeners) {
      try {
        listener(events, directory);
      } catch (error) {
        this.logger.error(error);
      }
    }
  }

  private lookAtHoleAgain(ms: number): void {
    if (this.holeTimer || this.stopped) return;
    this.holeTimer = setTimeout(() => {
      this.holeTimer = null;
      this.wake();
    }, ms);
    this.holeTimer.unref();
  }

  /** NOTIFY, debounced: at once after a quiet spell, then at most every NOTIFY_EVERY_MS. */
  private wakeOtherInstances(): void {
    if (this.notifyTimer || this.stopped) return;
    const wait = Math.max(0, this.lastNotifyAt + NOTIFY_EVERY_MS - Date.now());
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.lastNotifyAt = Date.now();
      this.events.notify(this.instanceId).catch((error: unknown) => this.logger.warn(`NOTIFY failed: ${String(error)}`));
    }, wait);
    this.notifyTimer.unref();
  }
}
