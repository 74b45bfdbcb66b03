import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { NotificationChannel, NotificationStatus } from './notification.entity';

/** A citizen a message may go to: a case's own, or that of a case merged into it. */
export interface Recipient {
  caseId: string;
  trackingCode: string;
  queryCode: string;
  phone: string | null;
  email: string | null;
  confidential: boolean;
  notify: boolean;
}

export interface NewNotification {
  caseId: string;
  eventSeq: string | null;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  params: Record<string, string>;
  dedupeKey: string;
  status: Extract<NotificationStatus, 'held' | 'pending'>;
  createdAt: Date;
}

/** A new case's receipt, before the case and its first event have ids (see `CasesRepository.insertCase`). */
export type PendingReceipt = Pick<NewNotification, 'channel' | 'recipient' | 'template' | 'params' | 'status' | 'createdAt'>;

const RECIPIENT_COLUMNS = `id AS "caseId", tracking_code AS "trackingCode", query_code AS "queryCode", citizen_phone AS phone,
  citizen_email AS email, confidential, notify`;

/** Writing the notification outbox, in the transaction of the event that causes each message. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The case's citizen and those of every case merged into it (并单: they follow its progress), merges of
   * merges included. Walks `cases_merged_into_idx`.
   */
  recipientsOf(caseId: string): Promise<Recipient[]> {
    return this.db.prepared<Recipient>(
      `WITH RECURSIVE family AS (
         SELECT c.id, 0 AS depth FROM cases c WHERE c.id = $1
         UNION ALL
         SELECT m.id, f.depth + 1 FROM cases m JOIN family f ON m.merged_into_id = f.id WHERE f.depth < 5)
       SELECT ${RECIPIENT_COLUMNS} FROM cases WHERE id IN (SELECT id FROM family)`,
      [caseId],
    );
  }

  /** One case's citizen, by tracking code (the codes re-sent on request). */
  recipientByTrackingCode(trackingCode: string): Promise<Recipient | null> {
    return this.db.one<Recipient>(`SELECT ${RECIPIENT_COLUMNS} FROM cases WHERE tracking_code = $1`, [trackingCode]);
  }

  /** Times messages with this template were written for a case since `since` (the re-send limit). */
  async countSince(caseId: string, template: string, since: Date): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT count(DISTINCT created_at)::int AS n FROM notifications WHERE case_id = $1 AND template = $2 AND created_at > $3`,
      [caseId, template, since],
    );
    return n;
  }

  /** Writes the messages; one whose dedupe key exists already is skipped (never two for one event and channel). */
  async insert(rows: NewNotification[]): Promise<number> {
    if (rows.length === 0) return 0;
    const values: unknown[] = [];
    const tuples = rows.map((r) => {
      const at = values.push(r.caseId, r.eventSeq, r.channel, r.recipient, r.template, JSON.stringify(r.params), r.dedupeKey, r.status, r.createdAt);
      const p = (i: number) => `$${at - 9 + i}`;
      return `(${p(1)}::uuid, ${p(2)}::bigint, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::jsonb, ${p(7)}, ${p(8)}, ${p(9)}::timestamptz,
               CASE WHEN ${p(8)} = 'pending' THEN ${p(9)}::timestamptz END)`;
    });
    const inserted = await this.db.query(
      `INSERT INTO notifications (case_id, event_seq, channel, recipient, template, params, dedupe_key, status, created_at, next_attempt_at)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      values,
    );
    return inserted.length;
  }
}
