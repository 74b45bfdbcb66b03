import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { NotificationDto, NotificationsQuery } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The outbox, newest first: what went (or would go, `held`) to citizens, the recipient masked. */
  @Get()
  @ApiOkResponse({ type: [NotificationDto] })
  list(@Query() q: NotificationsQuery): Promise<NotificationDto[]> {
    return this.notifications.list({ caseId: q.caseId, status: q.status }, q.limit ?? 100);
  }
}
