import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DepartmentsService } from '../departments/departments.service';
import type { CentreFiguresDto, DepartmentFiguresDto } from './dto/stats.dto';
import { composeFigures, periodBounds } from './figures';
import { StatsRepository } from './stats.repository';

export { compositeScore, MAX_PERIOD_DAYS, periodBounds } from './figures';

/** The published figures (考核) per department and period; a unit's row includes its child units. */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly departments: DepartmentsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every active department's row; a dept_lead gets only its own. */
  async forUser(user: AuthUser | null, from: string, to: string): Promise<DepartmentFiguresDto[]> {
    const rows = await this.departmentFigures(from, to);
    if (user?.role === 'dept_lead') return rows.filter((r) => r.departmentId === user.departmentId);
    return rows;
  }

  /** The 12345 centre's own figures for the period (README "The centre's figures" has the formulas). */
  async centreFigures(from: string, to: string): Promise<CentreFiguresDto> {
    const { start, end } = periodBounds(from, to);
    const c = await this.stats.centre(start, end);
    const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);
    return {
      from,
      to,
      received: c.received,
      answeredOnTheSpot: c.answered,
      directAnswerRate: rate(c.answered, c.received),
      dispatched: c.dispatched,
      dispatchAccuracyRate: rate(c.dispatched - c.dispatchedWithReturn, c.dispatched),
      merged: c.merged,
      transferred: { '110': c.t110, '119': c.t119, '120': c.t120, '122': c.t122 },
      notAccepted: c.notAccepted,
    };
  }

  async departmentFigures(from: string, to: string): Promise<DepartmentFiguresDto[]> {
    const { start, end } = periodBounds(from, to);
    const tree = await this.departments.hierarchy();
    const counters = await this.stats.counters(start, end, this.clock.now());
    const parents = [...tree.all()].filter((d) => d.active && tree.subtree(d.id).length > 1).map((d) => d.id);
    return composeFigures(tree, counters, await this.stats.receivedBySubtree(start, end, parents), {
      weights: this.config.scoreWeights,
      minSample: this.config.figuresMinSample,
    });
  }
}
