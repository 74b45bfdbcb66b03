import { Module } from '@nestjs/common';
import { CalendarAdminController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { DeadlinesService } from './deadlines.service';
import { SlaPolicyService } from './sla-policy.service';

@Module({
  controllers: [CalendarAdminController],
  providers: [CalendarRepository, DeadlinesService, CalendarService, SlaPolicyService],
  exports: [DeadlinesService, CalendarService],
})
export class CalendarModule {}
