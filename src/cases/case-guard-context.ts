import { Injectable } from '@nestjs/common';
import { DeadlinesService } from '../calendar/deadlines.service';
import type { Duration } from '../calendar/sla-policy.entity';
import { Clock } from '../common/clock';
import { DepartmentsService } from '../departments/departments.service';
import type { GuardContext } from './case-state-machine';

/** A department may return a case only within this long after it received it. */
export const RETURN_WINDOW: Duration = { amount: 2, unit: 'working_days' };

/** Builds what the state machine's guards read: now, the working calendar, the department tree. */
@Injectable()
export class GuardContexts {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<GuardContext> {
    const calendar = await this.deadlines.calculator();
    const tree = await this.departments.hierarchy();
    return {
      now: this.clock.now(),
      returnWindowEnds: (dispatchedAt) => calendar.after(dispatchedAt, RETURN_WINDOW),
      childUnits: (departmentId) => tree.activeChildren(departmentId),
    };
  }
}
