import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns } from '../database/entity-columns';
import type { CalendarDay } from './calendar-day.entity';
import { SlaPolicy } from './sla-policy.entity';

type Day = Pick<CalendarDay, 'date' | 'kind' | 'name' | 'source'>;

/** The working calendar (dates that differ from the weekday default) and the SLA policy per priority. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly db: Db) {}

  /** Dates as text: pg would read a `date` as a local midnight. */
  days(from?: string, to?: string): Promise<Day[]> {
    return this.db.query<Day>(
      `SELECT date::text AS date, kind, name, source FROM calendar_days
        WHERE ($1::date IS NULL OR date >= $1) AND ($2::date IS NULL OR date <= $2) ORDER BY date`,
      [from ?? null, to ?? null],
    );
  }

  async hasOfficial(year: number): Promise<boolean> {
    const [{ found }] = await this.db.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM calendar_days WHERE source = 'official' AND date BETWEEN $1 AND $2) AS found`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return found;
  }

  /** Adds official days; a date already in the table (an admin's) is left alone. */
  async addOfficial(days: Pick<CalendarDay, 'date' | 'kind' | 'name'>[]): Promise<void> {
    if (days.length === 0) return;
    await this.db.query(
      `INSERT INTO calendar_days (date, kind, name, source)
       SELECT d, k, n, 'official' FROM unnest($1::date[], $2::text[], $3::text[]) AS t(d, k, n)
       ON CONFLICT (date) DO NOTHING`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
    );
  }

  async set(day: Pick<CalendarDay, 'date' | 'kind' | 'name'>): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_days (date, kind, name, source, updated_at) VALUES ($1, $2, $3, 'admin', now())
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'admin', updated_at = now()`,
      [day.date, day.kind, day.name],
    );
  }

  async remove(date: string): Promise<void> {
    await this.db.query(`DELETE FROM calendar_days WHERE date = $1`, [date]);
  }

  async countInYear(year: number): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM calendar_days WHERE date BETWEEN $1 AND $2`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return n;
  }

  slaPolicies(): Promise<SlaPolicy[]> {
    return this.db.query<SlaPolicy>(`SELECT ${entityColumns(this.db.manager, SlaPolicy)} FROM sla_policies`);
  }

  async setSlaPolicy(priority: string, stages: Record<string, number | string>): Promise<void> {
    const columns = Object.keys(stages);
    await this.db.query(
      `UPDATE sla_policies SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE priority = $1`,
      [priority, ...Object.values(stages)],
    );
  }
}
