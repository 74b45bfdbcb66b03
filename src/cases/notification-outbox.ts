import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type MessageTemplate } from '../config/app-config';
import { Db } from '../database/db';
import { CODES_ONLY, isMobile, type NotifyingEvent, plannedMessage } from './case-notifications';
import type { Case } from './case.entity';
import type { NotificationChannel } from './notification.entity';

/** What the outbox reads of the case an event is on. */
export type CaseContact = Pick<Case, 'id' | 'trackingCode' | 'queryCode' | 'citizenPhone' | 'citizenEmail' | 'confidential' | 'notify'>;
import { type NewNotification, NotificationsRepository, type PendingReceipt, type Recipient } from './notifications.repository';

/**
 * Tells the notification sender, after a commit, that messages are waiting (only a wake-up: it also
 * polls). The same shape as `CaseEventsNotifier`.
 */
@Injectable()
export class OutboxSignal {
  private readonly logger = new Logger(OutboxSignal.name);
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

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

/**
 * The notification outbox: the messages an event causes, written in the event's own transaction (the
 * workflow asks it for every event it records — a new case's receipt goes into the statement that inserts
 * the case — so no write path can forget it), addressed to the case's citizen and the citizens of the
 * cases merged into it. Opted-out citizens get nothing;
 * confidential (保密) cases get their codes only. A message is `held` when its channel has no driver
 * (`SMS_DRIVER=outbox`, no `SMTP_URL`): recorded, visible to admins, never sent.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly db: Db,
    private readonly notifications: NotificationsRepository,
    private readonly signal: OutboxSignal,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The receipt of a case about to be born, addressed but for the case's id and the event's `seq`: the
   * intake writes it in the very statement that inserts the case and its first event (no round trip of
   * its own on the hottest path). Wakes the sender after commit when there is one to send.
   */
  receiptFor(c: Omit<CaseContact, 'id'>, at: Date): PendingReceipt[] {
    const planned = plannedMessage({ type: 'case.created', toOwnerDepartmentId: null, data: {} })!;
    if (c.notify === false) return [];
    const rows = this.addressed({ ...c, caseId: '', phone: c.citizenPhone, email: c.citizenEmail }, planned.template, planned.params, '', null, at);
    if (rows.some((r) => r.status === 'pending')) this.db.afterCommit(this.signal.committed);
    return rows.map(({ channel, recipient, template, params, status, createdAt }) => ({ channel, recipient, template, params, status, createdAt }));
  }

  /** Inside the transaction that recorded event `seq` of case `c` (after its first: see `receiptFor`). */
  async eventRecorded(c: CaseContact, seq: string, event: NotifyingEvent, at: Date): Promise<void> {
    const planned = plannedMessage(event);
    if (!planned) return;
    const recipients = await this.notifications.recipientsOf(c.id);
    const rows = recipients
      .filter((r) => r.notify && (!r.confidential || CODES_ONLY.includes(planned.template)))
      .flatMap((r) => this.addressed(r, planned.template, planned.params, `evt:${seq}:${r.caseId}`, seq, at));
    await this.write(rows);
  }

  /** Writes the messages; wakes the sender after commit only when one is to be sent (held ones never are). */
  private async write(rows: NewNotification[]): Promise<number> {
    const written = await this.notifications.insert(rows);
    if (written > 0 && rows.some((r) => r.status === 'pending')) this.db.afterCommit(this.signal.committed);
    return written;
  }

  /**
   * The citizen asks for the codes again: to the phone and e-mail on file (whatever their opt-out: they
   * asked), at most `perDay` times a day per case. False when nothing was written.
   */
  async resendCodes(trackingCode: string, at: Date, perDay: number): Promise<boolean> {
    return this.db.transaction(async () => {
      const r = await this.notifications.recipientByTrackingCode(trackingCode);
      if (!r) return false;
      if ((await this.notifications.countSince(r.caseId, 'codes', new Date(at.getTime() - 24 * 3600_000))) >= perDay) return false;
      const rows = this.addressed(r, 'codes', {}, `codes:${r.caseId}:${at.toISOString()}`, null, at);
      return (await this.write(rows)) > 0;
    });
  }

  /** The message on each channel the citizen can be reached by. */
  private addressed(r: Recipient, template: MessageTemplate, facts: Record<string, string>, key: string, seq: string | null, at: Date): NewNotification[] {
    const params: Record<string, string> = { ...facts, code: r.trackingCode, ...(CODES_ONLY.includes(template) ? { query: r.queryCode } : {}) };
    if (template === 'replied') params.link = `${this.config.publicUrl}/citizen#lookup=${r.trackingCode}`;
    const channels: [NotificationChannel, string | null, boolean][] = [
      ['sms', isMobile(r.phone) ? r.phone : null, this.config.sms.driver !== 'outbox'],
      ['email', r.email, this.config.smtpUrl !== undefined],
    ];
    return channels
      .filter((entry): entry is [NotificationChannel, string, boolean] => Boolean(entry[1]))
      .map(([channel, recipient, sending]) => ({
        caseId: r.caseId,
        eventSeq: seq,
        channel,
        recipient,
        template,
        params,
        dedupeKey: `${key}:${channel}`,
        status: sending ? 'pending' : 'held',
        createdAt: at,
      }));
  }
}
