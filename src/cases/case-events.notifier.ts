import { Injectable, Logger } from '@nestjs/common';

/**
 * Told after a transaction that appended timeline events has committed — never inside it — so that the
 * live relay reads and publishes them at once instead of at its next poll. Only a wake-up: it carries
 * no event, and a missed call only delays publication until the relay's poll.
 */
@Injectable()
export class CaseEventsNotifier {
  private readonly logger = new Logger(CaseEventsNotifier.name);
  private readonly listeners = new Set<() => void>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A bound function: handed to `Db.afterCommit` as it is, and the same one every time. */
  readonly committed = (): void => {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger.error(error);
      }
    }
  };
}
