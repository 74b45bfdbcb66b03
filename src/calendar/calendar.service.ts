import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { CalendarRepository } from './calendar.repository';
import { addDays, isWeekday, shanghaiDate } from './deadline-math';
import { officialDays, officialYears } from './official-calendar';

export interface EffectiveDay {
  date: string;
  kind: 'workday' | 'holiday';
  name?: string;
}

export interface CalendarYearStatus {
  year: number;
  /** Holidays and make-up workdays are loaded (official, or entered by an admin). */
  loaded: boolean;
  entries: number;
}

/** The longest range one calendar read may cover. */
export const MAX_CALENDAR_RANGE_DAYS = 731;

/** The working calendar as data: official schedules, admin changes, and the weekday default. */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    private readonly days: CalendarRepository,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.loadOfficialSchedules();
  }

  /**
   * Loads the official schedule of every year the `chinese-days` package knows that is not loaded yet (a
   * few dozen dates a year: past years cost nothing, and old deadlines stay explainable). Admin changes
   * win: a date already in the table is left alone, and a year already loaded is not loaded again (so a
   * date an admin returned to the default stays so).
   */
  async loadOfficialSchedules(): Promise<number[]> {
    const thisYear = Number(shanghaiDate(this.clock.now()).slice(0, 4));
    const loaded: number[] = [];
    for (const year of officialYears()) {
      if (await this.days.hasOfficial(year)) continue;
      await this.days.addOfficial(officialDays(year));
      loaded.push(year);
    }
    for (const year of [thisYear, thisYear + 1]) {
      const status = await this.yearStatus(year);
      if (!status.loaded) {
        this.logger.warn(`No holiday calendar for ${year}: weekends off, weekdays on until an admin enters it`);
      }
    }
    return loaded;
  }

  /** Every date from `from` to `to` (inclusive) with its effective kind. */
  async range(from: string, to: string): Promise<EffectiveDay[]> {
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    if (span < 0) throw DomainError.invalid(ErrorCode.INVALID_RANGE, '`to` must not be before `from`');
    if (span >= MAX_CALENDAR_RANGE_DAYS) throw DomainError.invalid(ErrorCode.INVALID_RANGE, `A range may cover at most ${MAX_CALENDAR_RANGE_DAYS} days`);
    const overrides = new Map((await this.days.days(from, to)).map((d) => [d.date, d]));
    const out: EffectiveDay[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) {
      const o = overrides.get(date);
      if (o) out.push({ date, kind: o.kind, ...(o.name ? { name: o.name } : {}) });
      else out.push({ date, kind: isWeekday(date) ? 'workday' : 'holiday' });
    }
    return out;
  }

  async set(date: string, kind: 'workday' | 'holiday', name: string | null): Promise<EffectiveDay> {
    await this.days.set({ date, kind, name });
    return { date, kind, ...(name ? { name } : {}) };
  }

  /** Returns a date to the default (weekday on, weekend off). */
  async reset(date: string): Promise<EffectiveDay> {
    await this.days.remove(date);
    return { date, kind: isWeekday(date) ? 'workday' : 'holiday' };
  }

  async yearStatus(year: number): Promise<CalendarYearStatus> {
    const entries = await this.days.countInYear(year);
    return { year, loaded: entries > 0, entries };
  }
}
