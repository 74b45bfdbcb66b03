import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { ReplyController } from './reply.controller';
import { ReplyService } from './reply.service';

@Module({
  imports: [CasesModule, CalendarModule],
  controllers: [ReplyController],
  providers: [ReplyService],
  exports: [ReplyService],
})
export class ReplyModule {}
