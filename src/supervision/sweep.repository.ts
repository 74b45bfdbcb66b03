import { Injectable } from '@nestjs/common';
import { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { Db } from '../database/db';

export type ReminderKind = 'near' | 'overdue' | 'supervised';

// Any constant works; it only has to be the same for every instance.
const SWEEP_LOCK = 1_234_500_003;

/** The deadline sweep's bookkeeping: its lock, each kind's horizon, and the reminders already written. */
@Injectable()
export class SweepRepository {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesRepository,
  ) {}

  /** Whether this transaction may sweep (one instance at a time; the others skip). */
  async lock(): Promise<boolean> {
    const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
    return locked;
  }

  async horizon(kind: ReminderKind): Promise<Date | null> {
    const row = await this.db.one<{ horizon: Date }>(`SELECT horizon FROM sweep_state WHERE name = $1`, [kind]);
    return row?.horizon ?? null;
  }

  async setHorizon(kind: ReminderKind, horizon: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO sweep_state (name, horizon) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET horizon = EXCLUDED.horizon`,
      [kind, horizon],
    );
  }

  /**
   * Open cases whose `column` (one of the indexed deadline columns) falls in (since, until], oldest
   * first, at most `limit`, locked for the rest of the transaction.
   */
  due(column: 'near_deadline_at' | 'current_deadline', since: Date, until: Date, limit: number, extra: 'not-yet-due' | 'not-supervised' | null, now: Date): Promise<Case[]> {
    const condition = extra === 'not-yet-due' ? 'AND c.current_deadline > $4' : extra === 'not-supervised' ? 'AND NOT c.supervised' : '';
    return this.db.query<Case>(
      `SELECT ${this.cases.columns()} FROM cases c
        WHERE c.status <> 'closed' AND c.${column} > $1 AND c.${column} <= $2 ${condition}
        ORDER BY c.${column}
        LIMIT $3
        FOR UPDATE`,
      extra === 'not-yet-due' ? [since, until, limit, now] : [since, until, limit],
    );
  }

  /** Paused cases whose pause ends by itself by `now`, oldest first, at most `limit`, locked. */
  pausesEnding(now: Date, limit: number): Promise<Case[]> {
    return this.db.query<Case>(
      `SELECT ${this.cases.columns()} FROM cases c
        WHERE c.paused_at IS NOT NULL AND c.pause_until IS NOT NULL AND c.pause_until <= $1
        ORDER BY c.pause_until
        LIMIT $2
        FOR UPDATE`,
      [now, limit],
    );
  }

  /** True the first time for this case, kind and deadline; false ever after. Stamped with the sweep's `now` (the app's clock). */
  async claim(c: Case, kind: ReminderKind, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO case_reminders (case_id, kind, deadline, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING case_id`,
      [c.id, kind, c.currentDeadline, now],
    );
    return rows.length === 1;
  }
}
