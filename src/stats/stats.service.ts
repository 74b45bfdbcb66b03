import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { addDays } from '../calendar/deadline-math';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig, SCORED_RATES, type ScoreWeights } from '../config/app-config';
import { DepartmentsService } from '../departments/departments.service';
import type { DepartmentFiguresDto } from './dto/stats.dto';
import { type DepartmentCounters, StatsRepository } from './stats.repository';

/** The longest period one report covers. */
export const MAX_PERIOD_DAYS = 366;

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

/** The composite score: the weighted mean of the rates that exist, × 100, to two decimals. */
export function compositeScore(rates: Record<(typeof SCORED_RATES)[number], number | null>, weights: ScoreWeights): number | null {
  let weighted = 0;
  let total = 0;
  for (const name of SCORED_RATES) {
    const weight = weights[name] ?? 0;
    const value = rates[name];
    if (weight > 0 && value !== null) {
      weighted += weight * value;
      total += weight;
    }
  }
  return total === 0 ? null : Math.round((10000 * weighted) / total) / 100;
}

/** Period bounds as instants: from 00:00 Asia/Shanghai on `from` to 00:00 on the day after `to`. */
export function periodBounds(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(`${addDays(to, 1)}T00:00:00+08:00`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw DomainError.invalid(ErrorCode.INVALID_PERIOD, 'from and to must be real dates');
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  if (days < 1) throw DomainError.invalid(ErrorCode.INVALID_PERIOD, '`to` must not be before `from`');
  if (days > MAX_PERIOD_DAYS) throw DomainError.invalid(ErrorCode.INVALID_PERIOD, `A period may cover at most ${MAX_PERIOD_DAYS} days`);
  return { start, end };
}

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
    const departments = [...tree.all()].filter((d) => d.active).sort((a, b) => a.code.localeCompare(b.code));
    // A unit's row includes its child units' (分级负责).
    const subtrees = new Map(departments.map((d) => [d.id, tree.subtree(d.id)]));
    const counters = new Map((await this.stats.counters(start, end, this.clock.now())).map((c) => [c.departmentId, c]));
    const parents = new Map([...subtrees].filter(([, members]) => members.length > 1));
    const receivedByParent = await this.stats.receivedBySubtree(start, end, parents);

    return departments.map((d) => {
      const sum = sumCounters(subtrees.get(d.id)!.map((id) => counters.get(id)));
      const rates = {
        signOnTime: ratio(sum.signedOnTime, sum.signDue),
        replyOnTime: ratio(sum.repliedOnTime, sum.replyDue),
        resolution: ratio(sum.resolved, sum.calledBack),
        satisfaction: ratio(sum.satisfied, sum.calledBack),
      };
      return {
        departmentId: d.id,
        code: d.code,
        name: d.name,
        received: receivedByParent.get(d.id) ?? sum.handled,
        signOnTimeRate: rates.signOnTime,
        replyOnTimeRate: rates.replyOnTime,
        resolutionRate: rates.resolution,
        satisfactionRate: rates.satisfaction,
        returnRate: ratio(sum.returned, sum.handled),
        reopenRate: ratio(sum.reopened, sum.replied),
        overdueOpen: sum.overdueOpen,
        avgReplyHours: sum.replied === 0 ? null : Math.round((100 * sum.replyHoursTotal) / sum.replied) / 100,
        score: compositeScore(rates, this.config.scoreWeights),
      };
    });
  }
}

function sumCounters(parts: (DepartmentCounters | undefined)[]): Omit<DepartmentCounters, 'departmentId'> {
  const total = {
    handled: 0, signDue: 0, signedOnTime: 0, replyDue: 0, repliedOnTime: 0, calledBack: 0, satisfied: 0,
    resolved: 0, returned: 0, replied: 0, reopened: 0, replyHoursTotal: 0, overdueOpen: 0,
  };
  for (const part of parts) {
    if (!part) continue;
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += part[key];
  }
  return total;
}
