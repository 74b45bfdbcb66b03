import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '../calendar/deadline-math';
import { CHANNELS } from '../cases/case.enums';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { DepartmentsService } from '../departments/departments.service';
import { HotspotsService } from '../hotspots/hotspots.service';
import type { ChannelCountsDto, OpenStatusCountsDto, OverviewDto } from './dto/overview.dto';
import { periodBounds } from './figures';
import { StatsRepository } from './stats.repository';

const OPEN_STATUSES = ['received', 'dispatched', 'returned', 'in_progress', 'replied'] as const;
const BASELINE_WEEKS = 4;
/** Baselines kept per instance (by date): enough for today and a few days looked back at. */
const BASELINES_KEPT = 8;

/**
 * The city on one screen (全市态势): the day's intake by hour against the same weekday of the last four
 * weeks, open cases by status, overdue by department, the channel mix, the day's cases per county, and
 * the active hotspots. Every read is bounded by an index or a small table, so the whole answer costs the
 * same on a million cases as on a thousand (`npm run bench`: `overview`).
 */
@Injectable()
export class OverviewService {
  /**
   * The baseline of a date is history — the same weekday 1–4 weeks before it, whose cases never change
   * their intake time — so each instance computes it once per date.
   */
  private readonly baselines = new Map<string, number[]>();

  constructor(
    private readonly stats: StatsRepository,
    private readonly catalog: CatalogService,
    private readonly departments: DepartmentsService,
    private readonly hotspots: HotspotsService,
    private readonly clock: Clock,
  ) {}

  async overview(date?: string): Promise<OverviewDto> {
    const now = this.clock.now();
    const day = date ?? shanghaiDate(now);
    const { start, end } = periodBounds(day, day);
    const [dayRows, weeksBack, statusRows, overdue, counties, names, tree, activeHotspots] = await Promise.all([
      this.stats.dayCounts(start, end),
      this.baseline(day, start, end),
      this.stats.statusCounts(),
      this.stats.overdueByOwner(now),
      this.catalog.counties(),
      this.catalog.names(),
      this.departments.hierarchy(),
      this.hotspots.list('active'),
    ]);

    const intakeByHour = Array<number>(24).fill(0);
    const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as unknown as ChannelCountsDto;
    const byCounty = new Map(counties.codes.map((code) => [code, 0]));
    for (const r of dayRows) {
      intakeByHour[r.hour] += r.n;
      if (r.channel in byChannel) byChannel[r.channel as keyof ChannelCountsDto] += r.n;
      const county = r.regionCode ? counties.countyOf(r.regionCode) : null;
      if (county) byCounty.set(county, (byCounty.get(county) ?? 0) + r.n);
    }
    const intakeByHourBaseline = weeksBack;
    const byStatus = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as unknown as OpenStatusCountsDto;
    for (const r of statusRows) if (r.status in byStatus) byStatus[r.status as keyof OpenStatusCountsDto] = r.n;

    return {
      date: day,
      at: now.toISOString(),
      intakeByHour,
      intakeByHourBaseline,
      byChannel,
      byStatus,
      overdueByDepartment: overdue
        .filter((r): r is { owner: string; n: number } => r.owner !== null && r.n > 0)
        .map((r) => ({ departmentId: r.owner, name: tree.get(r.owner)?.name ?? '', count: r.n }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      overdueAtCentre: overdue.find((r) => r.owner === null)?.n ?? 0,
      byRegion: [...byCounty].map(([regionCode, count]) => ({ regionCode, name: names.regions.get(regionCode) ?? regionCode, count })),
      activeHotspots,
    };
  }

  private async baseline(day: string, start: Date, end: Date): Promise<number[]> {
    const kept = this.baselines.get(day);
    if (kept) return kept;
    const hours = Array<number>(24).fill(0);
    for (const r of await this.stats.weeksBackByHour(start, end, BASELINE_WEEKS)) hours[r.hour] = Math.round((r.n / BASELINE_WEEKS) * 100) / 100;
    if (this.baselines.size >= BASELINES_KEPT) this.baselines.delete(this.baselines.keys().next().value!);
    this.baselines.set(day, hours);
    return hours;
  }
}
