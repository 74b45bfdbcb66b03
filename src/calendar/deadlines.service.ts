import { Injectable } from '@nestjs/common';
import { ReferenceData } from '../database/reference-data';
import { CalendarRepository } from './calendar.repository';
import { deadlineAfter, isWeekday, workdaysEndingWithin } from './deadline-math';
import type { Duration, Priority, SlaPolicy } from './sla-policy.entity';

export type Stage = 'dispatch' | 'sign' | 'reply' | 'callback';

/** Deadlines from the SLA policy and the working calendar as they were when it was made. */
export interface DeadlineCalculator {
  /** When a stage of a case of this priority that starts at `start` is due. */
  deadline(stage: Stage, priority: Priority, start: Date): Date;
  /** The end of `duration` counted from `start`, on the calendar's working days. */
  after(start: Date, duration: Duration): Date;
  /**
   * A stage deadline moved later by a pause from `from` to `to` (挂起): by the paused time for hour and
   * minute deadlines; by the working days whose end fell inside the pause for working-day deadlines.
   */
  afterPause(deadline: Date, stage: Stage, priority: Priority, from: Date, to: Date): Date;
}

/**
 * Computes stage deadlines from the SLA policy and the working calendar as they are right now: this
 * instance's copies of both (ReferenceData), read again after any change.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly calendar: CalendarRepository,
  ) {}

  async deadline(stage: Stage, priority: Priority, start: Date): Promise<Date> {
    return (await this.calculator()).deadline(stage, priority, start);
  }

  async after(start: Date, duration: Duration): Promise<Date> {
    return (await this.calculator()).after(start, duration);
  }

  /** The policy and the calendar as they are now, for many deadlines at once without waiting. */
  calculator(): Promise<DeadlineCalculator> {
    return this.referenceData.get('deadlines', async () => {
      const policies = new Map((await this.calendar.slaPolicies()).map((p) => [p.priority, p]));
      // Every date the calendar sets (official holidays, make-up workdays, the admin's changes): a few dozen a year.
      const kinds = new Map((await this.calendar.days()).map((d) => [d.date, d.kind]));
      const isWorkday = (date: string) => {
        const kind = kinds.get(date);
        return kind ? kind === 'workday' : isWeekday(date);
      };
      const after = (start: Date, duration: Duration) => deadlineAfter(start, duration, isWorkday);
      const policyOf = (priority: Priority): SlaPolicy => {
        const policy = policies.get(priority);
        if (!policy) throw new Error(`No SLA policy for priority ${priority}`);
        return policy;
      };
      return Object.freeze({
        after,
        deadline: (stage: Stage, priority: Priority, start: Date) => {
          const policy = policyOf(priority);
          return after(start, { amount: policy[`${stage}Amount`], unit: policy[`${stage}Unit`] });
        },
        afterPause: (deadline: Date, stage: Stage, priority: Priority, from: Date, to: Date) => {
          if (policyOf(priority)[`${stage}Unit`] !== 'working_days') return new Date(deadline.getTime() + (to.getTime() - from.getTime()));
          const days = workdaysEndingWithin(from, to, isWorkday);
          return days === 0 ? deadline : after(deadline, { amount: days, unit: 'working_days' });
        },
      });
    });
  }
}
