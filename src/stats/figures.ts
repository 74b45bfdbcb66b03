import { addDays } from '../calendar/deadline-math';
import { DomainError, ErrorCode } from '../common/domain-error';
import { SCORED_RATES, type ScoreWeights } from '../config/app-config';
import type { DepartmentNode, DepartmentTree } from '../departments/department-tree';
import type { DepartmentFiguresDto, FigureSamplesDto } from './dto/stats.dto';

/** The longest period one report covers. */
export const MAX_PERIOD_DAYS = 366;

/** The counters of one department (its own handling only) over a period's cases. Sums roll up the tree. */
export interface DepartmentCounters {
  /** Times a case of the period was held by this unit (rows of department_case_facts). */
  handled: number;
  signDue: number;
  signedOnTime: number;
  replyDue: number;
  repliedOnTime: number;
  calledBack: number;
  satisfied: number;
  resolved: number;
  /** Times held that ended in a return that stood. */
  returned: number;
  /** Returns the centre refused (派单异议审核): they do not count as returns. */
  returnsRefused: number;
  replied: number;
  reopened: number;
  replyHoursTotal: number;
  overdueOpen: number;
}

export const NO_COUNTS: Readonly<DepartmentCounters> = Object.freeze({
  handled: 0, signDue: 0, signedOnTime: 0, replyDue: 0, repliedOnTime: 0, calledBack: 0, satisfied: 0,
  resolved: 0, returned: 0, returnsRefused: 0, replied: 0, reopened: 0, replyHoursTotal: 0, overdueOpen: 0,
});

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

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

/** FIGURES_MIN_SAMPLE's default: a rate needs at least this many cases under it to count toward the score. */
export const DEFAULT_FIGURES_MIN_SAMPLE = 5;

/** How the score is made: the weight of each rate, and the least denominator at which a rate counts. */
export interface ScoreRules {
  weights: ScoreWeights;
  /** A rate whose denominator is below this does not enter the score (the page shows 样本不足). */
  minSample: number;
}

/**
 * The composite score: the weighted mean of the rates that exist and rest on at least `minSample` cases
 * (`samples`: each rate's denominator), × 100, to two decimals; null when no weighted rate qualifies.
 */
export function compositeScore(
  rates: Record<(typeof SCORED_RATES)[number], number | null>,
  weights: ScoreWeights,
  samples?: Record<(typeof SCORED_RATES)[number], number>,
  minSample = 1,
): number | null {
  let weighted = 0;
  let total = 0;
  for (const name of SCORED_RATES) {
    const weight = weights[name] ?? 0;
    const value = rates[name];
    if (samples && samples[name] < minSample) continue;
    if (weight > 0 && value !== null) {
      weighted += weight * value;
      total += weight;
    }
  }
  return total === 0 ? null : Math.round((10000 * weighted) / total) / 100;
}

function sumCounters(parts: (DepartmentCounters | undefined)[]): DepartmentCounters {
  const total = { ...NO_COUNTS };
  for (const part of parts) {
    if (!part) continue;
    for (const key of Object.keys(total) as (keyof DepartmentCounters)[]) total[key] += part[key];
  }
  return total;
}

/**
 * The published figures (考核) of every active department from its counters: a unit's row includes its
 * child units' (分级负责); `receivedInSubtree` counts a case once however many of a parent's units held it.
 */
export function composeFigures(
  tree: DepartmentTree,
  counters: ReadonlyMap<string, DepartmentCounters>,
  receivedInSubtree: ReadonlyMap<string, number>,
  rules: ScoreRules,
): DepartmentFiguresDto[] {
  const departments: DepartmentNode[] = [...tree.all()].filter((d) => d.active).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return departments.map((d) => {
    const units = tree.subtree(d.id);
    const sum = sumCounters(units.map((id) => counters.get(id)));
    const rates = {
      signOnTime: ratio(sum.signedOnTime, sum.signDue),
      replyOnTime: ratio(sum.repliedOnTime, sum.replyDue),
      resolution: ratio(sum.resolved, sum.calledBack),
      satisfaction: ratio(sum.satisfied, sum.calledBack),
    };
    const samples: FigureSamplesDto = { signOnTime: sum.signDue, replyOnTime: sum.replyDue, resolution: sum.calledBack, satisfaction: sum.calledBack };
    return {
      departmentId: d.id,
      code: d.code,
      name: d.name,
      received: units.length > 1 ? (receivedInSubtree.get(d.id) ?? 0) : sum.handled,
      signOnTimeRate: rates.signOnTime,
      replyOnTimeRate: rates.replyOnTime,
      resolutionRate: rates.resolution,
      satisfactionRate: rates.satisfaction,
      returnRate: ratio(sum.returned, sum.handled),
      returnsRefused: sum.returnsRefused,
      reopenRate: ratio(sum.reopened, sum.replied),
      overdueOpen: sum.overdueOpen,
      avgReplyHours: sum.replied === 0 ? null : Math.round((100 * sum.replyHoursTotal) / sum.replied) / 100,
      samples,
      minSample: rules.minSample,
      score: compositeScore(rates, rules.weights, samples, rules.minSample),
    };
  });
}
