import { Injectable } from '@nestjs/common';
import { maskEmail, maskPhone } from '../cases/citizen-privacy';
import type { Notification, NotificationStatus } from '../cases/notification.entity';
import { NotificationOutbox } from '../cases/notification-outbox';
import { normalizeTrackingCode } from '../cases/codes';
import { Clock } from '../common/clock';
import type { MessageTemplate } from '../config/app-config';
import type { NotificationDto, ResendAcceptedDto } from './dto/notification.dto';
import { OutboxRepository } from './outbox.repository';

/** Codes re-sent per case within 24 hours, at most (each to the phone and the e-mail on file). */
export const RESENDS_PER_DAY = 3;

const RESEND_ANSWER: ResendAcceptedDto = {
  accepted: true,
  message: '如该受理编号存在且留有联系方式，受理编号和查询码将发送至登记的手机或邮箱。',
};

/** Mask the recipient: the one place the list shows it. */
export function toNotificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    caseId: n.caseId,
    channel: n.channel,
    to: n.channel === 'sms' ? maskPhone(n.recipient) : maskEmail(n.recipient),
    template: n.template as MessageTemplate,
    status: n.status,
    attempts: n.attempts,
    sentAt: n.sentAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    nextAttemptAt: n.nextAttemptAt?.toISOString() ?? null,
    error: n.lastError,
  };
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly writer: NotificationOutbox,
    private readonly clock: Clock,
  ) {}

  async list(filter: { caseId?: string; status?: NotificationStatus }, limit: number): Promise<NotificationDto[]> {
    return (await this.outbox.list(filter, limit)).map(toNotificationDto);
  }

  /**
   * The citizen lost the codes: they go again to the phone and e-mail on file, at most RESENDS_PER_DAY
   * times a day. The answer is the same whether the case exists, has contact details, or is at its limit.
   */
  async resendCodes(trackingCode: string): Promise<ResendAcceptedDto> {
    const code = normalizeTrackingCode(trackingCode);
    if (code.length >= 10 && code.length <= 16) await this.writer.resendCodes(code, this.clock.now(), RESENDS_PER_DAY);
    return RESEND_ANSWER;
  }
}
