import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { StatsRepository } from './stats.repository';

const EVERY_MS = 60_000;

/**
 * Folds the per-status deltas the triggers on `cases` append into one row per status, once a minute
 * (one instance at a time; the others skip), so the overview's count reads a few rows however busy the
 * city was since.
 */
@Injectable()
export class CaseCountsJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CaseCountsJanitor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly stats: StatsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.stats.compactStatusCounts().catch((error: unknown) => this.logger.warn(`Could not fold the status counts: ${String(error)}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
