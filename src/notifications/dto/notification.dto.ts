import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, type NotificationChannel, type NotificationStatus } from '../../cases/notification.entity';
import { MESSAGE_TEMPLATES, type MessageTemplate } from '../../config/app-config';
import { PageLimit } from '../../common/page-limit';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The case whose citizen it went to' }) caseId: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: NotificationChannel;
  @ApiProperty({ example: '138****5678', description: 'Masked: never a full phone number or address' }) to: string;
  @ApiProperty({ enum: MESSAGE_TEMPLATES }) template: MessageTemplate;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, description: 'held: recorded, not to be sent (no driver configured)' }) status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When pending: the next attempt' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (`daily_cap: …` past the per-phone cap)' }) error: string | null;
}

export class NotificationsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @PageLimit(100)
  limit?: number;
}

export class ResendAcceptedDto {
  @ApiProperty({ example: true, description: 'Always true: the same answer whether or not the case exists' }) accepted: boolean;
  @ApiProperty({ example: '如该受理编号存在且留有联系方式，受理编号和查询码将发送至登记的手机或邮箱。' }) message: string;
}
