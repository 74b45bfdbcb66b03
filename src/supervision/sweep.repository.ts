import { Injectable } from '@nestjs/common';
import { Case } from '../cases/case.entity';
import { CasesRepository, type ReminderKind } from '../cases/cases.repository';
import { Db } from '../database/db';

/** A kind's horizon: every case up to this (deadline, case id) has been handled. */
export interface Horizon {
  /** The deadline, as PostgreSQL writes it (microseconds kept: a JavaScript Date would drop them). */
  at: string;
  /** The last case handled at `at`; null when every case at `at` was. */
  id: string | null;
}

// Any constant works; it only has to be the same for every instance.
const SWEEP_LOCK = 1_234_500_003;
/** Greater than any case id: a horizon without an id lies past every case at its instant. */
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The deadline sweep's bookkeeping: its lock, each kind's horizon, and the reminders already written. */
@Injectable()
export class SweepRepository {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesRepository,
  ) {}

  /**
   * Whether this transaction may sweep (one instance at a time; the others skip). Taken by every chunk
   * of a sweep, and held until the chunk commits.
   */
  async lock(): Promise<boolean> {
    const [{ locked }] = await this.db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
    return locked;
  }

  async horizon(kind: ReminderKind): Promise<Horizon | null> {
    return this.db.one<Horizon>(`SELECT horizon::text AS at, horizon_id AS id FROM sweep_state WHERE name = $1`, [kind]);
  }

  /** Every case up to `at` is handled. */
  async setHorizon(kind: ReminderKind, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO sweep_state (name, horizon, horizon_id) VALUES ($1, $2, NULL)
       ON CONFLICT (name) DO UPDATE SET horizon = EXCLUDED.horizon, horizon_id = NULL`,
      [kind, at],
    );
  }

  /** Every case up to case `caseId` (in the order of `column`, then id) is handled: its value is read from the row. */
  async setHorizonAt(kind: ReminderKind, column: 'near_deadline_at' | 'current_deadline', caseId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO sweep_state (name, horizon, horizon_id) SELECT $1, c.${column}, c.id FROM cases c WHERE c.id = $2
       ON CONFLICT (name) DO UPDATE SET horizon = EXCLUDED.horizon, horizon_id = EXCLUDED.horizon_id`,
      [kind, caseId],
    );
  }

  /**
   * Open cases past `since` (in the order of `column`, one of the indexed deadline columns, then id)
   * with `column` up to `until`, in that order, at most `limit`, locked for the rest of the transaction.
   * One range scan of `cases_open_near_deadline_id_idx` or `cases_open_deadline_idx`.
   */
  due(
    column: 'near_deadline_at' | 'current_deadline',
    since: Horizon,
    until: Date,
    limit: number,
    extra: 'not-yet-due' | 'not-supervised' | null,
    now: Date,
  ): Promise<Case[]> {
    const condition = extra === 'not-yet-due' ? 'AND c.current_deadline > $5' : extra === 'not-supervised' ? 'AND NOT c.supervised' : '';
    const values: unknown[] = [since.at, since.id ?? LAST_ID, until, limit];
    if (extra === 'not-yet-due') values.push(now);
    return this.db.query<Case>(
      `SELECT ${this.cases.columns()} FROM cases c
        WHERE c.status <> 'closed' AND (c.${column}, c.id) > ($1::timestamptz, $2::uuid) AND c.${column} <= $3 ${condition}
        ORDER BY c.${column}, c.id
        LIMIT $4
        FOR UPDATE`,
      values,
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
}
