import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, Repository } from 'typeorm';
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

  /**
   * Inside a transaction pass its `em`: a read through the pool while the transaction holds a connection
   * can wait forever for a second one when every connection is held the same way.
   */
  async deadline(stage: Stage, priority: Priority, start: Date, em?: EntityManager): Promise<Date> {
    const policies = em ? em.getRepository(SlaPolicy) : this.policies;
    const policy = await policies.findOneByOrFail({ priority });
    const duration: Duration = { amount: policy[`${stage}Amount`], unit: policy[`${stage}Unit`] };
    return this.after(start, duration, em);
  }

  /** The end of `duration` counted from `start`, on the calendar's working days. */
  async after(start: Date, duration: Duration, em?: EntityManager): Promise<Date> {
    if (duration.unit !== 'working_days') return deadlineAfter(start, duration, isWeekday);
    const from = shanghaiDate(start);
    const calendar = em ? em.getRepository(CalendarDay) : this.calendar;
    const overrides = await calendar.findBy({ date: Between(from, addDays(from, calendarHorizonDays(duration))) });
    const kinds = new Map(overrides.map((d) => [d.date, d.kind]));
    return deadlineAfter(start, duration, (date) => {
      const kind = kinds.get(date);
      return kind ? kind === 'workday' : isWeekday(date);
    });
  }
}
