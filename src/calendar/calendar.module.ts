import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarDay } from './calendar-day.entity';
import { DeadlinesService } from './deadlines.service';
import { SlaPolicy } from './sla-policy.entity';

@Module({
  imports: [TypeOrmModule.forFeature([SlaPolicy, CalendarDay])],
  providers: [DeadlinesService],
  exports: [DeadlinesService],
})
export class CalendarModule {}
