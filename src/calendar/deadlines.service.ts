import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Priority } from '../cases/case.enums';
import { ReferenceData } from '../database/reference-data';
import { CalendarDay } from './calendar-day.entity';
import { deadlineAfter, isWeekday } from './deadline-math';
import { Duration, SlaPolicy } from './sla-policy.entity';

export type Stage = 'dispatch' | 'sign' | 'reply' | 'callback';

/**
 * Computes stage deadlines from the SLA policy and the working calendar as they are right now: this
 * instance's copies of both (ReferenceData), read again after any change. Inside a transaction pass its
 * `em`: a copy to read again then reads through it, not through the pool (where it could wait for a
 * connection that transactions like this one hold).
 */
@Injectable()
export class DeadlinesService {
  constructor(private readonly referenceData: ReferenceData) {}

  async deadline(stage: Stage, priority: Priority, start: Date, em?: EntityManager): Promise<Date> {
    const policies = await this.referenceData.get(
      'sla-policy',
      async (q) => new Map((await q.find(SlaPolicy)).map((p) => [p.priority, Object.freeze(p)])),
      em,
    );
    const policy = policies.get(priority);
    if (!policy) throw new Error(`No SLA policy for priority ${priority}`);
    return this.after(start, { amount: policy[`${stage}Amount`], unit: policy[`${stage}Unit`] }, em);
  }

  /** The end of `duration` counted from `start`, on the calendar's working days. */
  async after(start: Date, duration: Duration, em?: EntityManager): Promise<Date> {
    if (duration.unit !== 'working_days') return deadlineAfter(start, duration, isWeekday);
    return (await this.calendar(em))(start, duration);
  }

  /** `after` without waiting: the calendar as it is now, for many deadlines at once. */
  async calendar(em?: EntityManager): Promise<(start: Date, duration: Duration) => Date> {
    // Every date the calendar sets (official holidays, make-up workdays, the admin's changes): a few dozen a year.
    const kinds = await this.referenceData.get('calendar', async (q) => new Map((await q.find(CalendarDay)).map((d) => [d.date, d.kind])), em);
    const isWorkday = (date: string) => {
      const kind = kinds.get(date);
      return kind ? kind === 'workday' : isWeekday(date);
    };
    return (start, duration) => deadlineAfter(start, duration, isWorkday);
  }
}
