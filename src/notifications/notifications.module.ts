import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NotificationSender } from './notification-sender';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';

/** Messages to citizens: the sender that empties the outbox, the admin's view of it, codes re-sent on request. */
@Module({
  imports: [CasesModule],
  controllers: [NotificationsController],
  providers: [NotificationSender, NotificationsService, OutboxRepository],
  exports: [NotificationsService, NotificationSender],
})
export class NotificationsModule {}
