import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns, insertColumns, updateColumns } from '../database/entity-columns';
import { Hotspot, HotspotPolicy } from './hotspot.entity';

// Any constant works; it only has to be the same for every instance.
const DETECTOR_LOCK = 1_234_500_004;
/** The channel every instance LISTENs on; the payload names the hotspot and what happened to it. */
export const HOTSPOT_EVENTS_CHANNEL = 'hotspot_events';

export type HotspotEventType = 'hotspot.detected' | 'hotspot.updated';
/** A NOTIFY's payload: small (PostgreSQL allows 8000 bytes), the listener reads the rest. */
export interface HotspotNotice {
  type: HotspotEventType;
  id: string;
  /** The run that made the change: the cases that joined in it have this `joined_at`. */
  at: string;
}

/** A category × region's cases in a window. */
export interface WindowCount {
  categoryCode: string;
  regionCode: string;
  n: number;
}

/**
 * The detector's SQL. Every read is a time range of `cases_created_keys_idx` (index-only): the last
 * window, and the same clock-time window of each history day — so a run costs what those 29 windows of
 * the city's calls hold, however many cases the table holds.
 */
@Injectable()
export class HotspotsRepository {
  constructor(private readonly db: Db) {}

  /** Whether this transaction may detect (one instance at a time; the others skip and try again). */
  async lock(): Promise<boolean> {
    const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [DETECTOR_LOCK]);
    return locked;
  }

  async policy(): Promise<HotspotPolicy> {
    const [policy] = await this.db.query<HotspotPolicy>(`SELECT ${entityColumns(this.db.manager, HotspotPolicy)} FROM hotspot_policy WHERE scope = 'city'`);
    return policy;
  }

  async updatePolicy(changes: Partial<HotspotPolicy>): Promise<void> {
    const set = updateColumns(this.db.manager, HotspotPolicy, { ...changes, updatedAt: new Date() });
    await this.db.query(`UPDATE hotspot_policy SET ${set.assignments} WHERE scope = 'city'`, set.values);
  }

  /** Cases per category × region created in (from, to]. */
  windowCounts(from: Date, to: Date): Promise<WindowCount[]> {
    return this.db.prepared<WindowCount>(
      `SELECT category_code AS "categoryCode", region_code AS "regionCode", count(*)::int AS n
         FROM cases
        WHERE created_at > $1 AND created_at <= $2 AND category_code IS NOT NULL AND region_code IS NOT NULL
        GROUP BY category_code, region_code`,
      [from, to],
    );
  }

  /**
   * The cases of the same clock-time window on each of the previous `days` days, per category × region
   * and day, for these categories: `days` ranges of `cases_created_keys_idx`, index-only. The count is
   * taken inside the lateral subquery so that it cannot be flattened into a join: flattened, the plan
   * cached for this prepared statement read every case of the categories and tested each against
   * every day (108 ms at 30,000 cases in one category, against 1 ms for 28 index ranges).
   */
  history(categoryCodes: readonly string[], windowEnd: Date, windowMinutes: number, days: number): Promise<(WindowCount & { d: number })[]> {
    if (categoryCodes.length === 0) return Promise.resolve([]);
    return this.db.prepared(
      `SELECT h.category_code AS "categoryCode", h.region_code AS "regionCode", d.d::int AS d, h.n
         FROM generate_series(1, $3::int) AS d(d)
         CROSS JOIN LATERAL (SELECT category_code, region_code, count(*)::int AS n FROM cases
                              WHERE created_at > $1::timestamptz - make_interval(days => d.d, mins => $2::int)
                                AND created_at <= $1::timestamptz - make_interval(days => d.d)
                                AND category_code = ANY($4::text[]) AND region_code IS NOT NULL
                              GROUP BY category_code, region_code) h`,
      [windowEnd, windowMinutes, days, categoryCodes],
    );
  }

  /**
   * The cases of one category in some regions created in (from, to] join the hotspot, in one statement
   * (the ids never leave the database: a spike of hundreds of calls a minute is thousands of them);
   * how many joined (those already in it are left as they are).
   */
  async joinWindow(hotspotId: string, categoryCode: string, regionCodes: readonly string[], from: Date, to: Date): Promise<number> {
    const [{ joined }] = await this.db.prepared<{ joined: number }>(
      `WITH j AS (
         INSERT INTO hotspot_cases (hotspot_id, case_id, joined_at)
         SELECT $1, id, $5 FROM cases
          WHERE category_code = $2 AND region_code = ANY($3::text[]) AND created_at > $4 AND created_at <= $5
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS joined FROM j`,
      [hotspotId, categoryCode, regionCodes, from, to],
    );
    return joined;
  }

  active(): Promise<Hotspot[]> {
    return this.db.prepared<Hotspot>(`SELECT ${entityColumns(this.db.manager, Hotspot)} FROM hotspots WHERE status = 'active' ORDER BY detected_at`);
  }

  /** A new active hotspot, or null when one is active for that key already (another instance was first). */
  async insert(values: Omit<Hotspot, 'id' | 'status' | 'endedAt'>): Promise<Hotspot | null> {
    const row = insertColumns(this.db.manager, Hotspot, values);
    const [created] = await this.db.query<Hotspot>(
      `INSERT INTO hotspots (${row.names}) VALUES (${row.placeholders})
       ON CONFLICT (category_code, region_code) WHERE status = 'active' DO NOTHING
       RETURNING ${entityColumns(this.db.manager, Hotspot)}`,
      row.values,
    );
    return created ?? null;
  }

  /** Adds the cases not in the hotspot yet; returns those that joined now. */
  async update(id: string, changes: Partial<Hotspot>): Promise<void> {
    const set = updateColumns(this.db.manager, Hotspot, changes, 1);
    await this.db.query(`UPDATE hotspots SET ${set.assignments} WHERE id = $1`, [id, ...set.values]);
  }

  /** Tells every instance (sent at commit, never for a rollback). */
  async notify(notice: HotspotNotice): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [HOTSPOT_EVENTS_CHANNEL, JSON.stringify(notice)]);
  }

  find(id: string): Promise<Hotspot | null> {
    return this.db.one<Hotspot>(`SELECT ${entityColumns(this.db.manager, Hotspot)} FROM hotspots WHERE id = $1`, [id]);
  }

  /** Active ones, or the latest ones of every status (newest first, at most `limit`). */
  list(activeOnly: boolean, limit: number): Promise<Hotspot[]> {
    return this.db.query<Hotspot>(
      `SELECT ${entityColumns(this.db.manager, Hotspot)} FROM hotspots ${activeOnly ? `WHERE status = 'active'` : ''}
        ORDER BY detected_at DESC, id DESC LIMIT $1`,
      [limit],
    );
  }

  /** Each hotspot's cases, in the order they joined. */
  async casesOf(hotspotIds: readonly string[]): Promise<Map<string, string[]>> {
    const byHotspot = new Map<string, string[]>(hotspotIds.map((id) => [id, []]));
    if (hotspotIds.length === 0) return byHotspot;
    const rows = await this.db.query<{ hotspotId: string; caseId: string }>(
      `SELECT hotspot_id AS "hotspotId", case_id AS "caseId" FROM hotspot_cases WHERE hotspot_id = ANY($1::uuid[]) ORDER BY joined_at, case_id`,
      [hotspotIds],
    );
    for (const r of rows) byHotspot.get(r.hotspotId)!.push(r.caseId);
    return byHotspot;
  }

  /** The cases that joined a hotspot in one run. */
  async joinedAt(hotspotId: string, at: Date): Promise<string[]> {
    const rows = await this.db.query<{ caseId: string }>(
      `SELECT case_id AS "caseId" FROM hotspot_cases WHERE hotspot_id = $1 AND joined_at = $2 ORDER BY case_id`,
      [hotspotId, at],
    );
    return rows.map((r) => r.caseId);
  }

  /** The incident each hotspot became, if any. */
  async incidentsOf(hotspotIds: readonly string[]): Promise<Map<string, string>> {
    if (hotspotIds.length === 0) return new Map();
    const rows = await this.db.query<{ hotspotId: string; id: string }>(
      `SELECT hotspot_id AS "hotspotId", id FROM incidents WHERE hotspot_id = ANY($1::uuid[])`,
      [hotspotIds],
    );
    return new Map(rows.map((r) => [r.hotspotId, r.id]));
  }
}
