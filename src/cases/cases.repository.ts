import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumnNames, entityColumns, entityFromJson, insertColumns, updateColumns } from '../database/entity-columns';
import type { CaseScope } from './case-access';
import { CaseEvent } from './case-event.entity';
import { CaseExtension } from './case-extension.entity';
import { CasePause } from './case-pause.entity';
import { RETURNS_BEFORE_DECISION } from './case-state-machine';
import { Case } from './case.entity';
import type { CaseStatus, Priority } from './case.enums';
import type { PendingReceipt } from './notifications.repository';
import { CHAIN_COLUMNS, type ChainRow } from './timeline-chain';

/** A department's return of a case to the centre, as the return review shows it. */
export interface LastReturn {
  departmentId: string;
  reason: string;
  suggestedDepartmentId: string | null;
  at: Date;
}

export interface CaseFilter {
  /** One case: whether it passes the other filters (a live client asks this of a case that changed). */
  id?: string;
  status?: CaseStatus;
  /** Held by the 12345 centre (received or returned). */
  atCentre?: boolean;
  /** A department's extension request waits for a supervisor. */
  pendingExtension?: boolean;
  /** A department's pause request waits for a supervisor. */
  pendingPause?: boolean;
  /** Paused: the reply clock stands still. */
  paused?: boolean;
  /** Not closed. */
  open?: boolean;
  departmentId?: string;
  overdue?: boolean;
  priority?: Priority;
  categoryCode?: string;
  regionCode?: string;
  supervised?: boolean;
  awaitingDecision?: boolean;
  callbackDue?: boolean;
  q?: string;
}

/** Newest or oldest intake first, or the current stage's deadline first (the overdue board). */
export type CaseOrder = 'newest' | 'oldest' | 'deadline';

/** Position after the last row of a page: keyset pagination on (sort key, id) in the page's order. */
export interface Keyset {
  /** created_at, or current_deadline for the deadline order. */
  key: Date;
  id: string;
}

export interface Page {
  after: Keyset | null;
  limit: number;
  order: CaseOrder;
}

const ORDERS: Record<CaseOrder, { column: string; direction: 'ASC' | 'DESC'; property: 'createdAt' | 'currentDeadline' }> = {
  newest: { column: 'c.created_at', direction: 'DESC', property: 'createdAt' },
  oldest: { column: 'c.created_at', direction: 'ASC', property: 'createdAt' },
  deadline: { column: 'c.current_deadline', direction: 'ASC', property: 'currentDeadline' },
};

/** The keyset of a row for a page in `order`. */
export function keysetOf(c: Case, order: CaseOrder): Keyset {
  return { key: c[ORDERS[order].property]!, id: c.id };
}

export type NewEvent = Omit<CaseEvent, 'seq' | 'data' | 'coDepartmentIds' | 'hash'> & {
  data?: Record<string, unknown>;
  coDepartmentIds?: string[];
};

/** A timeline row with its actor's name and role and its new owner's name joined in. */
export type TimelineRow = CaseEvent & { actorDisplayName: string | null; actorRole: string | null; toOwnerName: string | null };

const TIMELINE_COLUMNS = `e.seq::text AS seq, e.case_id AS "caseId", e.type, e.at, e.actor_kind AS "actorKind", e.actor_id AS "actorId",
  e.from_status AS "fromStatus", e.to_status AS "toStatus", e.from_owner_department_id AS "fromOwnerDepartmentId",
  e.to_owner_department_id AS "toOwnerDepartmentId", e.note, e.co_department_ids AS "coDepartmentIds", e.public, e.data`;

/**
 * The cases a department scope sees (its subtree's owned or co-handled cases), against the array of the
 * subtree's ids in parameter `$n`. Written as OR EXISTS, not as IN (… UNION …): the planner can then walk
 * the page's index and stop after `limit` rows instead of building every case the department ever held
 * (on a million cases: 0.3 ms against 1.1 s for a department's queue).
 */
const visibleTo = (n: number) => `(c.owner_department_id = ANY($${n}::uuid[])
  OR EXISTS (SELECT 1 FROM case_co_departments cc WHERE cc.case_id = c.id AND cc.department_id = ANY($${n}::uuid[])))`;

/**
 * The SQL of one page of cases: each filter maps onto an index of `cases`; a department's open queue
 * (`departmentId` + `open`) onto `cases_owner_open_idx`, in either order. Pure, so the benchmark and the
 * plan tests run exactly what the app sends.
 */
export function caseListSql(columns: string, filter: CaseFilter, scope: CaseScope, page: Page, now: Date): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where: string[] = [];
  if (scope.kind === 'departments') {
    values.push(scope.departmentIds);
    where.push(visibleTo(values.length));
  }
  if (filter.id) where.push(`c.id = ${param(filter.id)}`);
  if (filter.status) where.push(`c.status = ${param(filter.status)}`);
  if (filter.open !== undefined) where.push(filter.open ? `c.status <> 'closed'` : `c.status = 'closed'`);
  if (filter.atCentre !== undefined) {
    where.push(filter.atCentre ? `c.owner_department_id IS NULL AND c.status <> 'closed'` : 'c.owner_department_id IS NOT NULL');
  }
  if (filter.pendingExtension !== undefined) where.push(filter.pendingExtension ? 'c.extension_pending' : 'NOT c.extension_pending');
  if (filter.pendingPause !== undefined) where.push(filter.pendingPause ? 'c.pause_pending' : 'NOT c.pause_pending');
  if (filter.paused !== undefined) where.push(filter.paused ? 'c.paused_at IS NOT NULL' : 'c.paused_at IS NULL');
  if (filter.departmentId) where.push(`c.owner_department_id = ${param(filter.departmentId)}`);
  if (filter.priority) where.push(`c.priority = ${param(filter.priority)}`);
  if (filter.categoryCode) where.push(`c.category_code = ${param(filter.categoryCode)}`);
  if (filter.regionCode) where.push(`c.region_code = ${param(filter.regionCode)}`);
  if (filter.supervised !== undefined) where.push(`c.supervised = ${param(filter.supervised)}`);
  if (filter.overdue !== undefined) {
    const overdue = `c.status <> 'closed' AND c.current_deadline < ${param(now)}`;
    where.push(filter.overdue ? overdue : `NOT (${overdue} AND c.current_deadline IS NOT NULL)`);
  }
  if (filter.awaitingDecision !== undefined) {
    const awaiting = `c.status = 'returned' AND c.return_count > ${RETURNS_BEFORE_DECISION}`;
    where.push(filter.awaitingDecision ? awaiting : `NOT (${awaiting})`);
  }
  if (filter.callbackDue !== undefined) where.push(filter.callbackDue ? `c.status = 'replied'` : `c.status <> 'replied'`);
  if (filter.q) {
    const code = param(filter.q.toUpperCase());
    const pattern = param(`%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(c.tracking_code = ${code} OR c.title ILIKE ${pattern} OR c.address ILIKE ${pattern})`);
  }
  const { column, direction } = ORDERS[page.order];
  if (page.order === 'deadline') where.push('c.current_deadline IS NOT NULL');
  if (page.after) {
    where.push(`(${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (${param(page.after.key)}, ${param(page.after.id)})`);
  }
  const text = `SELECT ${columns} FROM cases c
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${column} ${direction}, c.id ${direction}
    LIMIT ${param(page.limit)}`;
  return { text, values };
}

/** A case offered as a possible duplicate, with its similarity to the words typed. */
export interface SimilarRow {
  id: string;
  trackingCode: string;
  title: string;
  status: CaseStatus;
  ownerDepartmentId: string | null;
  createdAt: Date;
  mergedCount: number;
  similarity: number;
}

/**
 * The SQL of the similar open cases (pure, so the benchmark explains exactly what the app sends): the
 * `candidates` newest open cases since `since` in the given categories and regions (an index-only scan
 * of `cases_similar_idx`), each scored by the Dice coefficient of its stored bigram vector and the
 * text's, at least `threshold`, most similar first. The text's vector is computed once (a materialised
 * CTE), not per row.
 */
export function similarCasesSql(
  text: string,
  categoryCodes: string[],
  regionCodes: string[],
  since: Date,
  threshold: number,
  limit: number,
  candidates: number,
): { text: string; values: unknown[] } {
  return {
    text: `WITH q AS MATERIALIZED (SELECT search_vector($1) AS v),
      recent AS MATERIALIZED (
        SELECT c.id FROM cases c
         WHERE c.status <> 'closed' AND c.created_at >= $2
           AND c.category_code = ANY($3::text[]) AND c.region_code = ANY($4::text[])
         ORDER BY c.created_at DESC
         LIMIT $7)
      SELECT c.id, c.tracking_code AS "trackingCode", c.title, c.status, c.owner_department_id AS "ownerDepartmentId",
             c.created_at AS "createdAt", c.merged_count AS "mergedCount", s.similarity
        FROM recent r
        JOIN cases c ON c.id = r.id
        CROSS JOIN q
        CROSS JOIN LATERAL (SELECT search_similarity(c.search_vector, q.v) AS similarity) s
       WHERE c.status <> 'closed' AND s.similarity >= $5
       ORDER BY s.similarity DESC, c.created_at DESC, c.id
       LIMIT $6`,
    values: [text, since, categoryCodes, regionCodes, threshold, limit, candidates],
  };
}

/** The sweep's reminders, one per case, kind and deadline (`case_reminders`). */
export type ReminderKind = 'near' | 'overdue' | 'supervised';

/** A request's Idempotency-Key, claimed in the statement that writes its case; `scope` keeps two clients' keys apart. */
export interface KeyClaim {
  scope: string;
  key: string;
  /** Hash of the validated request: the same key with another request is refused. */
  requestHash: string;
}

/** What a key already stands for: the case its first request created. */
export interface StoredKey {
  caseId: string;
  requestHash: string;
}

/**
 * What `insertCase` did: the case, or nothing because its tracking code is taken (draw another), the
 * key is held by a request still running, or the key was used already.
 */
export type InsertedCase = { created: Case } | { codeTaken: true } | { keyInUse: true } | { keyStored: StoredKey };

/** Whether a claim lost to a request with the same key that committed after this one's snapshot: try again (it replays). */
export function isKeyStoredMeanwhile(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'idempotency_keys_pkey';
}

type InsertColumns = ReturnType<typeof insertColumns>;

/** `insertCase`'s statements, by the case's columns, the event's columns, and receipts and claim. */
const insertStatements = new Map<string, Map<string, Map<string, string>>>();

@Injectable()
export class CasesRepository {
  constructor(private readonly db: Db) {}

  /** `c.column AS "property", …` of every column of a case. */
  columns(alias = 'c'): string {
    return entityColumns(this.db.manager, Case, alias);
  }

  /**
   * Inserts a new case with its first timeline event and the receipt that event sends, in one statement
   * (the case row is written first, as `appendEvent` requires).
   *
   * With a `claim`, the same statement also claims the request's Idempotency-Key: it takes the key's
   * transaction-scoped advisory lock without waiting and reads what is stored under it, and writes the
   * case and the key's row only when the lock was had and nothing was stored. One statement, one
   * snapshot, taken just before the lock: a request with the same key that committed in between is not
   * seen, and it is the key's primary key that refuses this one (SQLSTATE 23505 on
   * `idempotency_keys_pkey`, the whole statement undone: `isKeyStoredMeanwhile`). Outside a transaction
   * the statement is one on its own, and a plain intake costs one round trip.
   */
  async insertCase(values: Partial<Case>, event: Omit<NewEvent, 'caseId'>, receipts: PendingReceipt[] = [], claim?: KeyClaim): Promise<InsertedCase> {
    const row = insertColumns(this.db.manager, Case, values);
    const first = insertColumns(this.db.manager, CaseEvent, event, row.values.length);
    const params: unknown[] = [...row.values, ...first.values];
    for (const r of receipts) params.push(r.channel, r.recipient, r.template, JSON.stringify(r.params), r.status, r.createdAt);
    if (claim) params.push(`${claim.scope}:${claim.key}`, claim.scope, claim.key, claim.requestHash);
    const text = this.insertStatement(row, first, receipts.length, claim !== undefined);
    if (!claim) {
      const [created] = await this.db.prepared<{ case: Record<string, unknown> }>(text, params);
      return created ? { created: entityFromJson(this.db.manager, Case, created.case) } : { codeTaken: true };
    }
    const [result] = await this.db.prepared<{ keyLocked: boolean; keyStored: StoredKey | null; case: Record<string, unknown> | null }>(text, params);
    if (!result.keyLocked) return { keyInUse: true };
    if (result.keyStored) return { keyStored: result.keyStored };
    return result.case ? { created: entityFromJson(this.db.manager, Case, result.case) } : { codeTaken: true };
  }

  /**
   * `insertCase`'s statement for these columns, receipts and claim. Built once per shape: the column
   * lists are the same strings on every call (`insertColumns`), so the cache's keys hash once.
   */
  private insertStatement(row: InsertColumns, first: InsertColumns, receipts: number, claimed: boolean): string {
    const variant = `${receipts}:${claimed}`;
    let byFirst = insertStatements.get(row.names);
    if (!byFirst) insertStatements.set(row.names, (byFirst = new Map()));
    let byVariant = byFirst.get(first.names);
    if (!byVariant) byFirst.set(first.names, (byVariant = new Map()));
    const known = byVariant.get(variant);
    if (known) return known;

    let at = row.values.length + first.values.length;
    const next = () => `$${++at}`;
    const tuples = Array.from(
      { length: receipts },
      () => `(${next()}, ${next()}, ${next()}, ${next()}::jsonb, ${next()}, ${next()}::timestamptz)`,
    );
    // The receipt (notification outbox), keyed like every message by event, case and channel.
    const notifications = tuples.length
      ? `, n AS (
         INSERT INTO notifications (case_id, event_seq, channel, recipient, template, params, dedupe_key, status, created_at, next_attempt_at)
         SELECT e.case_id, e.seq, v.channel, v.recipient, v.template, v.params, 'evt:' || e.seq || ':' || e.case_id || ':' || v.channel,
                v.status, v.created_at, CASE WHEN v.status = 'pending' THEN v.created_at END
           FROM e, (VALUES ${tuples.join(', ')}) AS v (channel, recipient, template, params, status, created_at))`
      : '';
    const firstEvent = `e AS (INSERT INTO case_events (case_id, ${first.names}) SELECT c.id, ${first.placeholders} FROM c RETURNING seq, case_id)`;
    let text: string;
    if (!claimed) {
      text = `WITH c AS (
           INSERT INTO cases (${row.names}) VALUES (${row.placeholders})
           ON CONFLICT (tracking_code) DO NOTHING
           RETURNING ${entityColumnNames(this.db.manager, Case)}),
         ${firstEvent}${notifications}
         SELECT to_json(c) AS "case" FROM c`;
    } else {
      const [lock, scope, key, hash] = [next(), next(), next(), next()];
      text = `WITH l AS (
         SELECT pg_try_advisory_xact_lock(hashtextextended(${lock}, 0)) AS locked,
                (SELECT json_build_object('caseId', case_id, 'requestHash', request_hash)
                   FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}) AS stored),
       c AS (
         INSERT INTO cases (${row.names}) SELECT ${row.placeholders} FROM l WHERE l.locked AND l.stored IS NULL
         ON CONFLICT (tracking_code) DO NOTHING
         RETURNING ${entityColumnNames(this.db.manager, Case)}),
       k AS (INSERT INTO idempotency_keys (scope, key, request_hash, case_id) SELECT ${scope}, ${key}, ${hash}, c.id FROM c),
       ${firstEvent}${notifications}
       SELECT l.locked AS "keyLocked", l.stored AS "keyStored", to_json(c) AS "case" FROM l LEFT JOIN c ON true`;
    }
    byVariant.set(variant, text);
    return text;
  }

  /**
   * Appends a timeline event and returns its `seq`. Never as the transaction's first write: write the case row first (the
   * `case_events_follow_a_write` trigger refuses otherwise). The live relay relies on it: a transaction
   * that draws a `seq` must already hold a transaction id, so that a hole in `seq` can be told apart
   * from a rolled-back one (`src/live/relay-position.ts`).
   */
  async appendEvent(event: NewEvent): Promise<string> {
    const row = insertColumns(this.db.manager, CaseEvent, { data: {}, coDepartmentIds: [], ...event });
    const [{ seq }] = await this.db.prepared<{ seq: string }>(`INSERT INTO case_events (${row.names}) VALUES (${row.placeholders}) RETURNING seq::text AS seq`, row.values);
    return seq;
  }

  /**
   * Appends many events (of different cases) in one statement, in the order given, and returns each
   * one's `seq` in that order. The same rule as `appendEvent`: never as the transaction's first write.
   * Each event's hash is chained by the trigger as for one (an earlier row of the same statement is
   * visible to it), so a case may even appear twice.
   */
  async appendEvents(events: NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const column = <K extends keyof NewEvent>(key: K) => events.map((e) => e[key] ?? null);
    const rows = await this.db.query<{ seq: string; n: string }>(
      `INSERT INTO case_events (case_id, type, at, actor_kind, actor_id, from_status, to_status, from_owner_department_id,
                                to_owner_department_id, note, public, co_department_ids, data)
       SELECT e.case_id, e.type, e.at, e.actor_kind, e.actor_id, e.from_status, e.to_status, e.from_owner,
              e.to_owner, e.note, e.public, e.co::uuid[], e.data
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[],
                     $9::uuid[], $10::text[], $11::boolean[], $12::text[], $13::jsonb[])
              WITH ORDINALITY AS e(case_id, type, at, actor_kind, actor_id, from_status, to_status, from_owner,
                                   to_owner, note, public, co, data, n)
        ORDER BY e.n
       RETURNING seq::text AS seq`,
      [
        column('caseId'),
        column('type'),
        column('at'),
        column('actorKind'),
        column('actorId'),
        column('fromStatus'),
        column('toStatus'),
        column('fromOwnerDepartmentId'),
        column('toOwnerDepartmentId'),
        column('note'),
        column('public'),
        // An array per row: as PostgreSQL's array literal, cast per row (unnest would flatten a 2-D array).
        events.map((e) => `{${(e.coDepartmentIds ?? []).join(',')}}`),
        events.map((e) => JSON.stringify(e.data ?? {})),
      ],
    );
    // Identity values are drawn in the order the rows are inserted: sorting the seqs gives them in input order.
    return rows.map((r) => r.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  }

  /** The case if `scope` may see it. Read on every open of a case. */
  async findVisible(id: string, scope: CaseScope): Promise<Case | null> {
    const [found] =
      scope.kind === 'all'
        ? await this.db.prepared<Case>(`SELECT ${this.columns()} FROM cases c WHERE c.id = $1`, [id])
        : await this.db.prepared<Case>(`SELECT ${this.columns()} FROM cases c WHERE c.id = $1 AND ${visibleTo(2)}`, [id, scope.departmentIds]);
    return found ?? null;
  }

  /** A case as its citizen sees it, with the name of the department that owns it (null: the centre). */
  async findForCitizen(where: { trackingCode: string } | { id: string }): Promise<(Case & { ownerName: string | null }) | null> {
    const [column, value] = 'id' in where ? ['id', where.id] : ['tracking_code', where.trackingCode];
    const [found] = await this.db.prepared<Case & { ownerName: string | null }>(
      `SELECT ${this.columns()}, d.name AS "ownerName"
         FROM cases c LEFT JOIN departments d ON d.id = c.owner_department_id
        WHERE c.${column} = $1`,
      [value],
    );
    return found ?? null;
  }

  findById(id: string): Promise<Case | null> {
    return this.db.one<Case>(`SELECT ${this.columns()} FROM cases c WHERE c.id = $1`, [id]);
  }

  /**
   * The case, locked for the rest of the transaction, if `scope` may see it. Lock first, then check the
   * scope in a new statement: a scope check inside the locking statement would be judged on the row as
   * it was before a concurrent writer changed its owner.
   */
  async lockVisible(id: string, scope: CaseScope): Promise<Case | null> {
    const [locked] = await this.db.prepared<Case>(`SELECT ${this.columns()} FROM cases c WHERE c.id = $1 FOR UPDATE`, [id]);
    if (!locked || scope.kind === 'all') return locked ?? null;
    return this.findVisible(id, scope);
  }

  /** Whether one of the departments ever owned the case. Uses the timeline's case index. */
  async wasHeldBy(caseId: string, departmentIds: readonly string[]): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM case_events
        WHERE case_id = $1 AND (to_owner_department_id = ANY($2::uuid[]) OR from_owner_department_id = ANY($2::uuid[]))
        LIMIT 1`,
      [caseId, departmentIds],
    );
    return rows.length > 0;
  }

  /**
   * Claims the reminder of `kind` for each of the (locked) cases, about its current deadline: the ids
   * of the cases claimed now, the first time for this case, kind and deadline; never again after — so
   * the sweep and an action that leaves its case overdue at once never both write it. Stamped with the
   * caller's `now` (the app's clock).
   */
  async claimReminders(caseIds: string[], kind: ReminderKind, now: Date): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.db.query<{ caseId: string }>(
      `INSERT INTO case_reminders (case_id, kind, deadline, created_at)
       SELECT c.id, $2, c.current_deadline, $3 FROM cases c WHERE c.id = ANY($1::uuid[]) AND c.current_deadline IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING case_id AS "caseId"`,
      [caseIds, kind, now],
    );
    return new Set(rows.map((r) => r.caseId));
  }

  /**
   * Writes `changes` only if the case still has `version` (optimistic concurrency: the row lock
   * serializes writers, the condition makes a stale writer lose instead of overwriting), and returns
   * the case as written; null when the version no longer matches.
   */
  async updateIfVersion(id: string, version: number, changes: Partial<Case>): Promise<Case | null> {
    const set = updateColumns(this.db.manager, Case, changes, 2);
    const [updated] = await this.db.query<Case>(
      `UPDATE cases SET ${set.assignments} WHERE id = $1 AND version = $2 RETURNING ${entityColumns(this.db.manager, Case)}`,
      [id, version, ...set.values],
    );
    return updated ?? null;
  }

  /**
   * `updateIfVersion` for many cases at once, with the same `changes` and each case's version raised by
   * one: the cases as written, in no particular order; a case whose version no longer matches is missing.
   */
  async updateManyIfVersion(versions: { id: string; version: number }[], changes: Partial<Case>): Promise<Case[]> {
    if (versions.length === 0) return [];
    const set = updateColumns(this.db.manager, Case, changes, 2);
    return this.db.query<Case>(
      `UPDATE cases c SET ${set.assignments}${set.assignments ? ', ' : ''}version = c.version + 1
         FROM unnest($1::uuid[], $2::int[]) AS v(id, version)
        WHERE c.id = v.id AND c.version = v.version
        RETURNING ${this.columns()}`,
      [versions.map((v) => v.id), versions.map((v) => v.version), ...set.values],
    );
  }

  async coDepartmentIds(caseId: string): Promise<string[]> {
    const rows = await this.db.prepared<{ departmentId: string }>(
      `SELECT department_id AS "departmentId" FROM case_co_departments WHERE case_id = $1 ORDER BY added_at`,
      [caseId],
    );
    return rows.map((r) => r.departmentId);
  }

  /** Co-handling departments of several cases at once, for rendering a page. */
  async coDepartmentsOf(caseIds: string[]): Promise<Map<string, string[]>> {
    const byCase = new Map<string, string[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await this.db.prepared<{ caseId: string; departmentId: string }>(
      `SELECT case_id AS "caseId", department_id AS "departmentId" FROM case_co_departments WHERE case_id = ANY($1) ORDER BY added_at`,
      [caseIds],
    );
    for (const r of rows) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r.departmentId]);
    return byCase;
  }

  async replaceCoDepartments(caseId: string, departmentIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM case_co_departments WHERE case_id = $1`, [caseId]);
    if (departmentIds.length > 0) {
      await this.db.query(`INSERT INTO case_co_departments (case_id, department_id) SELECT $1, unnest($2::uuid[])`, [caseId, departmentIds]);
    }
  }

  /** Pending extension requests of several cases at once, for rendering a page. */
  async pendingExtensionsOf(caseIds: string[]): Promise<Map<string, CaseExtension>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.prepared<CaseExtension>(
      `SELECT ${entityColumns(this.db.manager, CaseExtension)} FROM case_extensions WHERE case_id = ANY($1) AND status = 'pending'`,
      [caseIds],
    );
    return new Map(rows.map((x) => [x.caseId, x]));
  }

  async insertExtension(values: Pick<CaseExtension, 'caseId' | 'requestedBy' | 'requestedDays' | 'reason' | 'createdAt'>): Promise<CaseExtension> {
    const row = insertColumns(this.db.manager, CaseExtension, values);
    const [created] = await this.db.query<CaseExtension>(
      `INSERT INTO case_extensions (${row.names}) VALUES (${row.placeholders}) RETURNING ${entityColumns(this.db.manager, CaseExtension)}`,
      row.values,
    );
    return created;
  }

  async pendingExtension(caseId: string): Promise<CaseExtension | null> {
    return this.db.one<CaseExtension>(
      `SELECT ${entityColumns(this.db.manager, CaseExtension)} FROM case_extensions WHERE case_id = $1 AND status = 'pending'`,
      [caseId],
    );
  }

  async decideExtension(id: string, decision: Pick<CaseExtension, 'status' | 'grantedDays' | 'decidedBy' | 'decidedAt'>): Promise<void> {
    const set = updateColumns(this.db.manager, CaseExtension, decision, 1);
    await this.db.query(`UPDATE case_extensions SET ${set.assignments} WHERE id = $1`, [id, ...set.values]);
  }

  /** Pause requests (挂起) waiting for a decision, and pauses running, of several cases at once. */
  async openPausesOf(caseIds: string[]): Promise<Map<string, CasePause>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.prepared<CasePause>(
      `SELECT ${entityColumns(this.db.manager, CasePause)} FROM case_pauses WHERE case_id = ANY($1) AND status IN ('pending', 'approved')`,
      [caseIds],
    );
    return new Map(rows.map((p) => [p.caseId, p]));
  }

  async insertPause(values: Pick<CasePause, 'caseId' | 'requestedBy' | 'reason' | 'note' | 'until' | 'createdAt'>): Promise<CasePause> {
    const row = insertColumns(this.db.manager, CasePause, values);
    const [created] = await this.db.query<CasePause>(
      `INSERT INTO case_pauses (${row.names}) VALUES (${row.placeholders}) RETURNING ${entityColumns(this.db.manager, CasePause)}`,
      row.values,
    );
    return created;
  }

  /** The case's pause request waiting for a decision, or its running pause (at most one of either). */
  async openPause(caseId: string): Promise<CasePause | null> {
    return this.db.one<CasePause>(
      `SELECT ${entityColumns(this.db.manager, CasePause)} FROM case_pauses WHERE case_id = $1 AND status IN ('pending', 'approved')`,
      [caseId],
    );
  }

  async updatePause(id: string, values: Partial<Pick<CasePause, 'status' | 'decidedBy' | 'decidedAt' | 'startedAt' | 'endedAt'>>): Promise<void> {
    const set = updateColumns(this.db.manager, CasePause, values, 1);
    await this.db.query(`UPDATE case_pauses SET ${set.assignments} WHERE id = $1`, [id, ...set.values]);
  }

  /** Who last returned each of these (returned) cases to the centre, and why. */
  async lastReturnsOf(caseIds: string[]): Promise<Map<string, LastReturn>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.prepared<LastReturn & { caseId: string }>(
      `SELECT DISTINCT ON (case_id) case_id AS "caseId", from_owner_department_id AS "departmentId", note AS reason,
              data->>'suggestedDepartmentId' AS "suggestedDepartmentId", at
         FROM case_events
        WHERE case_id = ANY($1) AND type = 'case.returned' AND to_owner_department_id IS NULL
        ORDER BY case_id, seq DESC`,
      [caseIds],
    );
    return new Map(rows.map(({ caseId, ...r }) => [caseId, r]));
  }

  /** The data of the case's last return to the centre (what it was before, for a refusal). */
  async lastReturnToCentre(caseId: string): Promise<Record<string, unknown> | null> {
    const row = await this.db.one<{ data: Record<string, unknown> }>(
      `SELECT data FROM case_events
        WHERE case_id = $1 AND type = 'case.returned' AND to_owner_department_id IS NULL
        ORDER BY seq DESC LIMIT 1`,
      [caseId],
    );
    return row?.data ?? null;
  }

  /** Open cases like the text (see `similarCasesSql`). */
  similar(...args: Parameters<typeof similarCasesSql>): Promise<SimilarRow[]> {
    const { text, values } = similarCasesSql(...args);
    return this.db.prepared<SimilarRow>(text, values);
  }

  /** The cases merged into `masterId`, oldest first. */
  mergedInto(masterId: string): Promise<{ id: string; trackingCode: string; title: string; createdAt: Date }[]> {
    return this.db.prepared(
      `SELECT id, tracking_code AS "trackingCode", title, created_at AS "createdAt" FROM cases
        WHERE merged_into_id = $1 ORDER BY created_at, id`,
      [masterId],
    );
  }

  /**
   * The case a new one is to be merged into, locked for the rest of the transaction (so it cannot
   * close under the merge); null when there is no such case.
   */
  async lockMaster(id: string): Promise<Case | null> {
    const [locked] = await this.db.query<Case>(`SELECT ${this.columns()} FROM cases c WHERE c.id = $1 FOR UPDATE`, [id]);
    return locked ?? null;
  }

  /** One page of the cases a reader may see (see `caseListSql`). */
  list(filter: CaseFilter, scope: CaseScope, page: Page, now: Date): Promise<Case[]> {
    const { text, values } = caseListSql(this.columns(), filter, scope, page, now);
    return this.db.query<Case>(text, values);
  }

  /**
   * A case's timeline, oldest first, with each actor's name and role and the name of the department it
   * went to. Read on every open of a case.
   */
  timeline(caseId: string, options: { publicOnly: boolean }): Promise<TimelineRow[]> {
    return this.db.prepared<TimelineRow>(
      `SELECT ${TIMELINE_COLUMNS}, u.display_name AS "actorDisplayName", u.role AS "actorRole", d.name AS "toOwnerName"
         FROM case_events e
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN departments d ON d.id = e.to_owner_department_id
        WHERE e.case_id = $1 ${options.publicOnly ? 'AND e.public' : ''}
        ORDER BY e.seq`,
      [caseId],
    );
  }

  /** A case's events as the hash chain covers them, oldest first. */
  chain(caseId: string): Promise<ChainRow[]> {
    return this.db.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM case_events e WHERE e.case_id = $1 ORDER BY e.seq`, [caseId]);
  }
}
