import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, type QueryDeepPartialEntity, Repository, SelectQueryBuilder } from 'typeorm';
import { CaseCoDepartment } from './case-co-department.entity';
import { CaseExtension } from './case-extension.entity';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import type { CaseStatus, Priority } from './case.enums';
import type { TimelineRow } from './case.mapper';
import { entityColumns, insertColumns, updateColumns } from '../database/entity-columns';
import { RETURNS_BEFORE_DECISION } from './case-state-machine';
import { preparedQuery } from '../database/prepared';

/** Whose cases a reader may see: everything (the centre) or one department's subtree. */
export type CaseScope = { kind: 'all' } | { kind: 'department'; departmentId: string };

export interface CaseFilter {
  status?: CaseStatus;
  /** Held by the 12345 centre (received or returned). */
  atCentre?: boolean;
  /** A department's extension request waits for a supervisor. */
  pendingExtension?: boolean;
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

const ORDERS: Record<CaseOrder, { column: string; direction: 'ASC' | 'DESC'; property: 'createdAt' | 'currentDeadline' }> = {
  newest: { column: 'c.created_at', direction: 'DESC', property: 'createdAt' },
  oldest: { column: 'c.created_at', direction: 'ASC', property: 'createdAt' },
  deadline: { column: 'c.current_deadline', direction: 'ASC', property: 'currentDeadline' },
};

/** The keyset of a row for a page in `order`. */
export function keysetOf(c: Case, order: CaseOrder): Keyset {
  return { key: c[ORDERS[order].property]!, id: c.id };
}

export type NewEvent = Omit<CaseEvent, 'seq' | 'data' | 'coDepartmentIds'> & {
  data?: Record<string, unknown>;
  coDepartmentIds?: string[];
};

const TIMELINE_COLUMNS = `e.seq::text AS seq, e.case_id AS "caseId", e.type, e.at, e.actor_kind AS "actorKind", e.actor_id AS "actorId",
  e.from_status AS "fromStatus", e.to_status AS "toStatus", e.from_owner_department_id AS "fromOwnerDepartmentId",
  e.to_owner_department_id AS "toOwnerDepartmentId", e.note, e.co_department_ids AS "coDepartmentIds", e.public, e.data`;

// The department and every unit below it (分级负责: a parent sees its children's cases).
const DEPARTMENT_SUBTREE = `
  WITH RECURSIVE unit AS (
    SELECT id FROM departments WHERE id = :scopeDepartmentId
    UNION ALL
    SELECT d.id FROM departments d JOIN unit ON d.parent_id = unit.id
  ) SELECT id FROM unit`;

// Cases the subtree owns or co-handles. Written as OR EXISTS, not as IN (… UNION …): the planner can then
// walk the page's index and stop after `limit` rows instead of building every case the department ever
// held (on a million cases: 0.3 ms against 1.1 s for a department's queue).
const VISIBLE_TO_DEPARTMENT = `(c.owner_department_id IN (${DEPARTMENT_SUBTREE})
  OR EXISTS (SELECT 1 FROM case_co_departments cc
              WHERE cc.case_id = c.id AND cc.department_id IN (${DEPARTMENT_SUBTREE})))`;

@Injectable()
export class CasesRepository {
  constructor(
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
  ) {}

  /**
   * Inserts a new case with its first timeline event, in one statement (the case row is written first,
   * as `appendEvent` requires), and returns the case whole; null when its tracking code is already taken
   * (the caller draws another).
   */
  async insertCase(em: EntityManager, values: Partial<Case>, event: Omit<NewEvent, 'caseId'>): Promise<Case | null> {
    const row = insertColumns(em, Case, values);
    const first = insertColumns(em, CaseEvent, event, row.values.length);
    const rows = await preparedQuery<Case>(
      em,
      `WITH c AS (
         INSERT INTO cases (${row.names}) VALUES (${row.placeholders})
         ON CONFLICT (tracking_code) DO NOTHING
         RETURNING *),
       e AS (INSERT INTO case_events (case_id, ${first.names}) SELECT c.id, ${first.placeholders} FROM c)
       SELECT ${entityColumns(em, Case, 'c')} FROM c`,
      [...row.values, ...first.values],
    );
    return rows.length === 0 ? null : Object.assign(new Case(), rows[0]);
  }

  /**
   * Appends a timeline event inside the caller's transaction. Never as the transaction's first write:
   * write the case row first (the `case_events_follow_a_write` trigger refuses otherwise). The live
   * relay relies on it: a transaction that draws a `seq` must already hold a transaction id, so that a
   * hole in `seq` can be told apart from a rolled-back one (`src/live/relay-position.ts`). After the
   * transaction commits, tell `CaseEventsNotifier` so the relay publishes at once.
   */
  async appendEvent(em: EntityManager, event: NewEvent): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(CaseEvent)
      // (jsonb `data` is typed too loosely for the builder's deep-partial type)
      .values({ data: {}, coDepartmentIds: [], ...event } as QueryDeepPartialEntity<CaseEvent>)
      .updateEntity(false)
      .execute();
  }

  /** The case if `scope` may see it. Hand-written SQL: read on every open of a case. */
  async findVisible(id: string, scope: CaseScope): Promise<Case | null> {
    const visible = scope.kind === 'all' ? '' : `AND ${VISIBLE_TO_DEPARTMENT.replaceAll(':scopeDepartmentId', '$2')}`;
    const rows = await preparedQuery<Case>(
      this.cases.manager,
      `SELECT ${entityColumns(this.cases.manager, Case, 'c')} FROM cases c WHERE c.id = $1 ${visible}`,
      scope.kind === 'all' ? [id] : [id, scope.departmentId],
    );
    return rows.length === 0 ? null : Object.assign(new Case(), rows[0]);
  }

  /** A case as its citizen sees it, with the name of the department that owns it (null: the centre). */
  async findForCitizen(where: { trackingCode: string } | { id: string }): Promise<(Case & { ownerName: string | null }) | null> {
    const [column, value] = 'id' in where ? ['id', where.id] : ['tracking_code', where.trackingCode];
    const rows = await preparedQuery<Case & { ownerName: string | null }>(
      this.cases.manager,
      `SELECT ${entityColumns(this.cases.manager, Case, 'c')}, d.name AS "ownerName"
         FROM cases c LEFT JOIN departments d ON d.id = c.owner_department_id
        WHERE c.${column} = $1`,
      [value],
    );
    return rows.length === 0 ? null : Object.assign(new Case(), rows[0]);
  }

  /**
   * The case, locked for the rest of the transaction, if `scope` may see it. Lock first, then check the
   * scope in a new statement: a scope check inside the locking statement would be judged on the row as
   * it was before a concurrent writer changed its owner.
   */
  async lockVisible(em: EntityManager, id: string, scope: CaseScope): Promise<Case | null> {
    const locked = await em.getRepository(Case).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!locked || scope.kind === 'all') return locked;
    return this.scoped(em.getRepository(Case).createQueryBuilder('c'), scope).andWhere('c.id = :id', { id }).getOne();
  }

  /** Whether the department (or one of its units) ever owned the case. Uses the timeline's case index. */
  async wasHeldBy(em: EntityManager, caseId: string, departmentId: string): Promise<boolean> {
    const subtree = DEPARTMENT_SUBTREE.replace(':scopeDepartmentId', '$2');
    const rows = await em.query(
      `SELECT 1 FROM case_events
        WHERE case_id = $1 AND (to_owner_department_id IN (${subtree}) OR from_owner_department_id IN (${subtree}))
        LIMIT 1`,
      [caseId, departmentId],
    );
    return rows.length > 0;
  }

  /**
   * Writes `changes` only if the case still has `version` (optimistic concurrency: the row lock
   * serializes writers, the condition makes a stale writer lose instead of overwriting), and returns
   * the case as written; null when the version no longer matches.
   */
  async updateIfVersion(em: EntityManager, id: string, version: number, changes: Partial<Case>): Promise<Case | null> {
    const set = updateColumns(em, Case, changes, 2);
    const rows = await em.query(
      `UPDATE cases SET ${set.assignments} WHERE id = $1 AND version = $2 RETURNING ${entityColumns(em, Case)}`,
      [id, version, ...set.values],
    );
    // A raw UPDATE … RETURNING comes back from TypeORM as [rows, affected count].
    const [updated] = rows[0] as Case[];
    return updated ? Object.assign(new Case(), updated) : null;
  }

  async coDepartmentIds(em: EntityManager, caseId: string): Promise<string[]> {
    const rows = await em.getRepository(CaseCoDepartment).find({ where: { caseId }, order: { addedAt: 'ASC' } });
    return rows.map((r) => r.departmentId);
  }

  /** Co-handling departments of several cases at once, for rendering a page. */
  async coDepartmentsOf(caseIds: string[]): Promise<Map<string, string[]>> {
    const byCase = new Map<string, string[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await preparedQuery<{ caseId: string; departmentId: string }>(
      this.cases.manager,
      `SELECT case_id AS "caseId", department_id AS "departmentId" FROM case_co_departments WHERE case_id = ANY($1) ORDER BY added_at`,
      [caseIds],
    );
    for (const r of rows) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r.departmentId]);
    return byCase;
  }

  /** Pending extension requests of several cases at once, for rendering a page. */
  async pendingExtensionsOf(caseIds: string[]): Promise<Map<string, CaseExtension>> {
    if (caseIds.length === 0) return new Map();
    const rows = await preparedQuery<CaseExtension>(
      this.cases.manager,
      `SELECT ${entityColumns(this.cases.manager, CaseExtension)} FROM case_extensions WHERE case_id = ANY($1) AND status = 'pending'`,
      [caseIds],
    );
    return new Map(rows.map((x) => [x.caseId, Object.assign(new CaseExtension(), x)]));
  }

  async replaceCoDepartments(em: EntityManager, caseId: string, departmentIds: string[]): Promise<void> {
    await em.getRepository(CaseCoDepartment).delete({ caseId });
    if (departmentIds.length > 0) {
      await em.getRepository(CaseCoDepartment).insert(departmentIds.map((departmentId) => ({ caseId, departmentId })));
    }
  }

  findById(em: EntityManager, id: string): Promise<Case | null> {
    return em.findOneBy(Case, { id });
  }

  /**
   * One page of the cases a reader may see. Each filter maps onto an index of `cases`; a department's
   * open queue (`departmentId` + `open`) onto `cases_owner_open_idx`, in either order.
   */
  list(
    filter: CaseFilter,
    scope: CaseScope,
    page: { after: Keyset | null; limit: number; order: CaseOrder },
    now: Date,
  ): Promise<Case[]> {
    return this.listQuery(filter, scope, page, now).getMany();
  }

  /** The query behind `list`, for `EXPLAIN` in the tests and the benchmark. */
  listQuery(
    filter: CaseFilter,
    scope: CaseScope,
    page: { after: Keyset | null; limit: number; order: CaseOrder },
    now: Date,
  ): SelectQueryBuilder<Case> {
    const qb = this.scoped(this.cases.createQueryBuilder('c'), scope);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.open !== undefined) qb.andWhere(filter.open ? `c.status <> 'closed'` : `c.status = 'closed'`);
    if (filter.atCentre !== undefined) {
      qb.andWhere(filter.atCentre ? `c.owner_department_id IS NULL AND c.status <> 'closed'` : 'c.owner_department_id IS NOT NULL');
    }
    if (filter.pendingExtension !== undefined) qb.andWhere(filter.pendingExtension ? 'c.extension_pending' : 'NOT c.extension_pending');
    if (filter.departmentId) qb.andWhere('c.owner_department_id = :departmentId', { departmentId: filter.departmentId });
    if (filter.priority) qb.andWhere('c.priority = :priority', { priority: filter.priority });
    if (filter.categoryCode) qb.andWhere('c.category_code = :categoryCode', { categoryCode: filter.categoryCode });
    if (filter.regionCode) qb.andWhere('c.region_code = :regionCode', { regionCode: filter.regionCode });
    if (filter.supervised !== undefined) qb.andWhere('c.supervised = :supervised', { supervised: filter.supervised });
    if (filter.overdue !== undefined) {
      const overdue = `c.status <> 'closed' AND c.current_deadline < :now`;
      qb.andWhere(filter.overdue ? overdue : `NOT (${overdue} AND c.current_deadline IS NOT NULL)`, { now });
    }
    if (filter.awaitingDecision !== undefined) {
      const awaiting = `c.status = 'returned' AND c.return_count > ${RETURNS_BEFORE_DECISION}`;
      qb.andWhere(filter.awaitingDecision ? awaiting : `NOT (${awaiting})`);
    }
    if (filter.callbackDue !== undefined) {
      qb.andWhere(filter.callbackDue ? `c.status = 'replied'` : `c.status <> 'replied'`);
    }
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.tracking_code = :code', { code: filter.q?.toUpperCase() })
            .orWhere('c.title ILIKE :pattern', { pattern })
            .orWhere('c.address ILIKE :pattern', { pattern }),
        ),
      );
    }
    const { column, direction } = ORDERS[page.order];
    if (page.order === 'deadline') qb.andWhere('c.current_deadline IS NOT NULL');
    if (page.after) {
      qb.andWhere(`(${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (:afterKey, :afterId)`, {
        afterKey: page.after.key,
        afterId: page.after.id,
      });
    }
    return qb.orderBy(column, direction).addOrderBy('c.id', direction).limit(page.limit);
  }

  /**
   * A case's timeline, oldest first, with each actor's name and role and the name of the department it
   * went to. Hand-written SQL (`seq` as TypeORM reads a bigint: a string): read on every open of a case.
   */
  async timeline(caseId: string, options: { publicOnly: boolean }): Promise<TimelineRow[]> {
    const rows = await preparedQuery<TimelineRow>(
      this.events.manager,
      `SELECT ${TIMELINE_COLUMNS}, u.display_name AS "actorDisplayName", u.role AS "actorRole", d.name AS "toOwnerName"
         FROM case_events e
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN departments d ON d.id = e.to_owner_department_id
        WHERE e.case_id = $1 ${options.publicOnly ? 'AND e.public' : ''}
        ORDER BY e.seq`,
      [caseId],
    );
    return rows.map((r) => Object.assign(new CaseEvent(), r));
  }

  private scoped(qb: SelectQueryBuilder<Case>, scope: CaseScope): SelectQueryBuilder<Case> {
    if (scope.kind === 'all') return qb;
    return qb.andWhere(VISIBLE_TO_DEPARTMENT, { scopeDepartmentId: scope.departmentId });
  }
}
