import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DepartmentsService } from '../departments/departments.service';
import type { DepartmentFiguresDto } from './dto/stats.dto';
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

  async departmentFigures(from: string, to: string): Promise<DepartmentFiguresDto[]> {
    const { start, end } = periodBounds(from, to);
    const tree = await this.departments.hierarchy();
    const counters = await this.stats.counters(start, end, this.clock.now());
    const parents = new Map([...tree.all()].filter((d) => d.active).map((d) => [d.id, tree.subtree(d.id)] as const).filter(([, units]) => units.length > 1));
    return composeFigures(tree, counters, await this.stats.receivedBySubtree(start, end, parents), this.config.scoreWeights);
  }
}
