import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { StatsRepository } from './stats.repository';

const EVERY_MS = 60_000;

/**
 * Folds the deltas that triggers append — per status on `cases`, per day and department on
 * `department_case_facts`, after marking the stages whose deadline has passed — into one row per key,
 * once a minute (one instance at a time; the others
 * skip), so the overview's counts and a period's figures read a few rows however busy the city was.
 */
@Injectable()
export class RollupsJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RollupsJanitor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stats: StatsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.fold(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async fold(): Promise<void> {
    await this.stats.compactStatusCounts().catch((error: unknown) => this.logger.warn(`Could not fold the status counts: ${String(error)}`));
    await this.stats.foldFigureRollups(this.clock.now()).catch((error: unknown) => this.logger.warn(`Could not fold the figures' rollups: ${String(error)}`));
  }
}
