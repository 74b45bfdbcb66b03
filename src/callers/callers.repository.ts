import { Injectable } from '@nestjs/common';
import type { CaseStatus } from '../cases/case.enums';
import { Db } from '../database/db';
import type { FlagKind } from './dto/callers.dto';

export interface CallerCaseRow {
  id: string;
  trackingCode: string;
  title: string;
  status: CaseStatus;
  categoryCode: string | null;
  ownerDepartmentId: string | null;
  createdAt: Date;
  total: number;
  open: number;
  last30Days: number;
}

export interface CallerFlagRow {
  id: string;
  phone: string;
  kind: FlagKind;
  reason: string;
  expiresAt: Date | null;
  setAt: Date;
  setBy: string | null;
}

/**
 * One number's cases of the period, newest first, at most `limit`, each row carrying the counts over
 * all of them (window functions: one statement, one pass over `cases_citizen_phone_idx`). Pure, so the
 * benchmark explains exactly what the app sends.
 */
export function callerHistorySql(phone: string, since: Date, recentSince: Date, limit: number): { text: string; values: unknown[] } {
  return {
    text: `SELECT c.id, c.tracking_code AS "trackingCode", c.title, c.status, c.category_code AS "categoryCode",
                  c.owner_department_id AS "ownerDepartmentId", c.created_at AS "createdAt",
                  (count(*) OVER ())::int AS total,
                  (count(*) FILTER (WHERE c.status <> 'closed') OVER ())::int AS open,
                  (count(*) FILTER (WHERE c.created_at >= $3) OVER ())::int AS "last30Days"
             FROM cases c
            WHERE c.citizen_phone = $1 AND c.created_at >= $2
            ORDER BY c.created_at DESC
            LIMIT $4`,
    values: [phone, since, recentSince, limit],
  };
}

const FLAG_COLUMNS = `f.id, f.phone, f.kind, f.reason, f.expires_at AS "expiresAt", f.set_at AS "setAt", u.display_name AS "setBy"`;

@Injectable()
export class CallersRepository {
  constructor(private readonly db: Db) {}

  history(phone: string, since: Date, recentSince: Date, limit: number): Promise<CallerCaseRow[]> {
    const { text, values } = callerHistorySql(phone, since, recentSince, limit);
    return this.db.prepared<CallerCaseRow>(text, values);
  }

  /** The number's flag, if it has one that has not expired at `now`. */
  flagInForce(phone: string, now: Date): Promise<CallerFlagRow | null> {
    return this.db.one<CallerFlagRow>(
      `SELECT ${FLAG_COLUMNS} FROM caller_flags f LEFT JOIN users u ON u.id = f.set_by
        WHERE f.phone = $1 AND (f.expires_at IS NULL OR f.expires_at > $2)`,
      [phone, now],
    );
  }

  /** Sets (or replaces) the number's flag. */
  async setFlag(flag: { phone: string; kind: FlagKind; reason: string; expiresAt: Date | null; setBy: string }, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO caller_flags (phone, kind, reason, expires_at, set_by, set_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (phone) DO UPDATE
          SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at,
              set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at, updated_at = EXCLUDED.updated_at`,
      [flag.phone, flag.kind, flag.reason, flag.expiresAt, flag.setBy, now],
    );
  }

  /** Removes the number's flag; whether there was one. The audit keeps what it was. */
  async liftFlag(phone: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM caller_flags WHERE phone = $1 RETURNING id`, [phone])).length > 0;
  }
}
