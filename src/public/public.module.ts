import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { IntakeModule } from '../intake/intake.module';
import { ReplyModule } from '../reply/reply.module';
import { StatsModule } from '../stats/stats.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({
  imports: [CasesModule, IntakeModule, ReplyModule, StatsModule, SupervisionModule, AttachmentsModule, NotificationsModule],
  controllers: [PublicController],
  providers: [PublicService],
})
export class PublicModule {}
