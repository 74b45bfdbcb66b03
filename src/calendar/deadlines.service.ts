import { Injectable } from '@nestjs/common';
import { ReferenceData } from '../database/reference-data';
import { CalendarRepository } from './calendar.repository';
import { deadlineAfter, isWeekday } from './deadline-math';
import type { Duration, Priority, SlaPolicy } from './sla-policy.entity';

export type Stage = 'dispatch' | 'sign' | 'reply' | 'callback';

/** Deadlines from the SLA policy and the working calendar as they were when it was made. */
export interface DeadlineCalculator {
  /** When a stage of a case of this priority that starts at `start` is due. */
  deadline(stage: Stage, priority: Priority, start: Date): Date;
  /** The end of `duration` counted from `start`, on the calendar's working days. */
  after(start: Date, duration: Duration): Date;
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
      return Object.freeze({
        after,
        deadline: (stage: Stage, priority: Priority, start: Date) => {
          const policy: SlaPolicy | undefined = policies.get(priority);
          if (!policy) throw new Error(`No SLA policy for priority ${priority}`);
          return after(start, { amount: policy[`${stage}Amount`], unit: policy[`${stage}Unit`] });
        },
      });
    });
  }
}
