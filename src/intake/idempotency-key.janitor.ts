import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdempotencyRepository } from './idempotency.repository';

const EVERY_MS = 60 * 60_000;
/** Rows deleted per statement, so a first run on a large backlog holds no long lock. */
const BATCH = 10_000;
const DAY_MS = 86_400_000;

/**
 * Forgets Idempotency-Keys older than IDEMPOTENCY_KEY_RETENTION_DAYS, once an hour on every instance
 * (deleting what another instance deleted already costs nothing). Each stored outcome holds the whole
 * answer: kept forever, a city's tens of thousands of intakes a day would grow the table without end.
 */
@Injectable()
export class IdempotencyKeyJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyKeyJanitor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.removeExpired().catch((error: unknown) => this.logger.warn(`Could not remove expired Idempotency-Keys: ${String(error)}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes the keys past the retention, in batches on the `created_at` index; how many went. */
  async removeExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.idempotencyKeyRetentionDays * DAY_MS);
    let removed = 0;
    for (;;) {
      const count = await this.keys.removeStoredBefore(before, BATCH);
      removed += count;
      if (count < BATCH) return removed;
    }
  }
}
