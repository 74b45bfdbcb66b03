import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import type { Priority } from '../cases/case.enums';
import { CalendarDay } from './calendar-day.entity';
import { addDays, calendarHorizonDays, deadlineAfter, isWeekday, shanghaiDate } from './deadline-math';
import { Duration, SlaPolicy } from './sla-policy.entity';

export type Stage = 'dispatch' | 'sign' | 'reply' | 'callback';

/** Computes stage deadlines from the SLA policy and the working calendar as they are right now. */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectRepository(SlaPolicy) private readonly policies: Repository<SlaPolicy>,
    @InjectRepository(CalendarDay) private readonly calendar: Repository<CalendarDay>,
  ) {}

  async deadline(stage: Stage, priority: Priority, start: Date): Promise<Date> {
    const policy = await this.policies.findOneByOrFail({ priority });
    const duration: Duration = { amount: policy[`${stage}Amount`], unit: policy[`${stage}Unit`] };
    return this.after(start, duration);
  }

  /** The end of `duration` counted from `start`, on the calendar's working days. */
  async after(start: Date, duration: Duration): Promise<Date> {
    if (duration.unit !== 'working_days') return deadlineAfter(start, duration, isWeekday);
    const from = shanghaiDate(start);
    const overrides = await this.calendar.findBy({ date: Between(from, addDays(from, calendarHorizonDays(duration))) });
    const kinds = new Map(overrides.map((d) => [d.date, d.kind]));
    return deadlineAfter(start, duration, (date) => {
      const kind = kinds.get(date);
      return kind ? kind === 'workday' : isWeekday(date);
    });
  }
}
