import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_CHANNELS = ['sms', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/**
 * `held`: recorded, never to be sent (no driver configured: `SMS_DRIVER=outbox`, or no `SMTP_URL`);
 * `pending`: waiting for the sender (or for its next attempt); `sent`; `failed`: given up.
 */
export const NOTIFICATION_STATUSES = ['held', 'pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One message to one citizen on one channel: the outbox row, written with the event that causes it. */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The case whose citizen it goes to (a merged case's citizen gets its master's messages). */
  @Column('uuid', { name: 'case_id' })
  caseId: string;

  /** The timeline event that caused it; null for codes the citizen asked to have re-sent. */
  @Column('bigint', { name: 'event_seq', nullable: true })
  eventSeq: string | null;

  @Column('text')
  channel: NotificationChannel;

  /** The phone (digits) or e-mail address: only the sender reads it; every list masks it. */
  @Column('text')
  recipient: string;

  @Column('text')
  template: string;

  @Column('jsonb', { default: {} })
  params: Record<string, string>;

  /** One per event, recipient case and channel: never two messages for one of them. Passed to providers. */
  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;

  @Column('text')
  status: NotificationStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** Claimed by a sender until then (a sender that dies mid-batch leaves its claims to expire). */
  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('text', { name: 'provider_ref', nullable: true })
  providerRef: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
