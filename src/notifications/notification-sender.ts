import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Notification } from '../cases/notification.entity';
import { OutboxSignal } from '../cases/notification-outbox';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig, type MessageTemplate } from '../config/app-config';
import { Mailer } from './mailer';
import { OutboxRepository } from './outbox.repository';
import { PermanentSendError, SmsProvider, smsProviderFor } from './sms';

/** Messages claimed per round. */
const BATCH = 20;
/** How long a claim holds: a sender that dies mid-batch leaves its claims to others after this. */
export const LEASE_MS = 60_000;
/** Attempts before a message is given up (failed). */
export const MAX_ATTEMPTS = 8;
const DAY_MS = 24 * 3600_000;

/** Waits before attempt n + 1: 30 s, 1 min, 2 min, … at most an hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);

/** No phone number or e-mail address in what is logged or kept as the error. */
export const redact = (text: string) => text.replace(/\+?\d[\d -]{5,}\d/g, '[number]').replace(/[^\s@]+@[^\s@]+/g, '[address]');

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * The notification sender: takes due messages from the outbox (`FOR UPDATE SKIP LOCKED` with a lease,
 * so several instances share the work and none sends what another has claimed), sends each through its
 * channel with the message's dedupe key, and records the outcome; a failure is retried with backoff
 * (30 s doubling, at most an hour) up to MAX_ATTEMPTS. At least once: a sender that dies between the
 * provider's answer and the record leaves the message to be sent again after the lease, with the same
 * dedupe key, which the provider may use to drop the repeat. Woken after every commit that wrote
 * messages, and every NOTIFY_INTERVAL_SECONDS.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly sms: SmsProvider | null;
  private readonly mailer: Mailer | null;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private running: Promise<SendReport> | null = null;
  private again = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly signal: OutboxSignal,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sms = smsProviderFor(config.sms);
    this.mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom) : null;
  }

  onApplicationBootstrap(): void {
    if (this.config.notifyIntervalSeconds === 0) return;
    this.unsubscribe = this.signal.subscribe(() => void this.drain());
    this.timer = setInterval(() => void this.drain(), this.config.notifyIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.mailer?.close();
  }

  /** Sends everything due now; one run at a time per instance (a wake-up during a run makes it go round again). */
  drain(): Promise<SendReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: SendReport = { sent: 0, retried: 0, failed: 0 };
      try {
        do {
          this.again = false;
          for (;;) {
            const report = await this.round();
            if (report === null) break;
            total.sent += report.sent;
            total.retried += report.retried;
            total.failed += report.failed;
          }
        } while (this.again);
      } catch (error) {
        this.logger.error({ err: { type: (error as Error)?.name, message: redact(String((error as Error)?.message)) } }, 'notification sender failed');
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** One batch; null when nothing was due. */
  async round(): Promise<SendReport | null> {
    const now = this.clock.now();
    const claimed = await this.outbox.claim(now, new Date(now.getTime() + LEASE_MS), BATCH);
    if (claimed.length === 0) return null;
    const report: SendReport = { sent: 0, retried: 0, failed: 0 };
    for (const message of claimed) report[await this.deliver(message)]++;
    return report;
  }

  private async deliver(n: Notification): Promise<keyof SendReport> {
    const template = n.template as MessageTemplate;
    try {
      let ref: string;
      if (n.channel === 'sms') {
        if (!this.sms) throw new PermanentSendError('SMS_DRIVER is outbox: nothing is sent');
        const since = new Date(this.clock.now().getTime() - DAY_MS);
        if ((await this.outbox.smsSentSince(n.recipient, since)) >= this.config.sms.dailyCap) {
          await this.outbox.markFailed(n.id, `daily_cap: ${this.config.sms.dailyCap} SMS to this number within 24 hours`);
          return 'failed';
        }
        ref = await this.sms.send({ phone: n.recipient, template, params: n.params, dedupeKey: n.dedupeKey });
      } else {
        if (!this.mailer) throw new PermanentSendError('SMTP_URL is not set: nothing is sent');
        ref = await this.mailer.send({ to: n.recipient, template, params: n.params, dedupeKey: n.dedupeKey });
      }
      await this.outbox.markSent(n.id, this.clock.now(), ref);
      return 'sent';
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      if (error instanceof PermanentSendError || n.attempts >= MAX_ATTEMPTS) {
        await this.outbox.markFailed(n.id, message);
        this.logger.warn(`Notification ${n.id} (${n.channel}, ${n.template}) failed: ${message}`);
        return 'failed';
      }
      await this.outbox.markRetry(n.id, new Date(this.clock.now().getTime() + backoffMs(n.attempts)), message);
      return 'retried';
    }
  }
}
