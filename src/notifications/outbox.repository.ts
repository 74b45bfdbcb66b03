import { Injectable } from '@nestjs/common';
import { Notification, type NotificationStatus } from '../cases/notification.entity';
import { Db } from '../database/db';
import { entityColumns } from '../database/entity-columns';

/** The sender's side of the notification outbox: claiming due messages, recording what came of them. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  private get columns(): string {
    return entityColumns(this.db.manager, Notification, 'n');
  }

  /**
   * Claims up to `limit` due messages until `lockedUntil`, one attempt each: rows another sender holds
   * (its statement still running, or its lease not yet over) are skipped, so every instance may send
   * and none sends what another has claimed. A sender that dies leaves its claims to run out.
   */
  claim(now: Date, lockedUntil: Date, limit: number): Promise<Notification[]> {
    return this.db.query<Notification>(
      `WITH due AS (
         SELECT id FROM notifications
          WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE notifications n SET locked_until = $2, attempts = n.attempts + 1
         FROM due WHERE n.id = due.id
       RETURNING ${this.columns}`,
      [now, lockedUntil, limit],
    );
  }

  /** SMS sent to this number since `since` (the daily cap; `notifications_sms_sent_idx`). */
  async smsSentSince(phone: string, since: Date): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE channel = 'sms' AND status = 'sent' AND recipient = $1 AND sent_at > $2`,
      [phone, since],
    );
    return n;
  }

  /** Only while still pending: a message is marked sent once. */
  async markSent(id: string, at: Date, providerRef: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2, provider_ref = $3, locked_until = NULL, next_attempt_at = NULL, last_error = NULL
        WHERE id = $1 AND status = 'pending'`,
      [id, at, providerRef.slice(0, 200)],
    );
  }

  async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [id, nextAttemptAt, error.slice(0, 500)],
    );
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = 'failed', next_attempt_at = NULL, locked_until = NULL, last_error = $2 WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 500)],
    );
  }

  /** The admin's list, newest first. */
  list(filter: { caseId?: string; status?: NotificationStatus }, limit: number): Promise<Notification[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.caseId) where.push(`n.case_id = $${values.push(filter.caseId)}`);
    if (filter.status) where.push(`n.status = $${values.push(filter.status)}`);
    return this.db.query<Notification>(
      `SELECT ${this.columns} FROM notifications n ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $${values.push(limit)}`,
      values,
    );
  }
}
