import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarDay } from './calendar-day.entity';
import { CalendarAdminController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { DeadlinesService } from './deadlines.service';
import { SlaPolicy } from './sla-policy.entity';
import { SlaPolicyService } from './sla-policy.service';

@Module({
  imports: [TypeOrmModule.forFeature([SlaPolicy, CalendarDay])],
  controllers: [CalendarAdminController],
  providers: [DeadlinesService, CalendarService, SlaPolicyService],
  exports: [DeadlinesService, CalendarService],
})
export class CalendarModule {}
