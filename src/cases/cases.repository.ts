import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import type { CaseStatus, Priority } from './case.enums';
import type { TimelineRow } from './case.mapper';

/** Whose cases a reader may see: everything (the centre) or one department's subtree. */
export type CaseScope = { kind: 'all' } | { kind: 'department'; departmentId: string };

export interface CaseFilter {
  status?: CaseStatus;
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

/** Position after the last row of a page: keyset pagination on (created_at DESC, id DESC). */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export type NewEvent = Omit<CaseEvent, 'seq' | 'data'> & { data?: Record<string, unknown> };

/** Cases returned more than this many times wait for a supervisor's binding decision. */
export const RETURNS_BEFORE_DECISION = 2;

// The department and every unit below it (分级负责: a parent sees its children's cases).
const DEPARTMENT_SUBTREE = `
  WITH RECURSIVE unit AS (
    SELECT id FROM departments WHERE id = :scopeDepartmentId
    UNION ALL
    SELECT d.id FROM departments d JOIN unit ON d.parent_id = unit.id
  ) SELECT id FROM unit`;

@Injectable()
export class CasesRepository {
  constructor(
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    @InjectRepository(CaseEvent) private readonly events: Repository<CaseEvent>,
  ) {}

  /** Inserts a new case; null when its tracking code is already taken (the caller draws another). */
  async insertCase(em: EntityManager, values: Partial<Case>): Promise<Case | null> {
    const result = await em.createQueryBuilder().insert().into(Case).values(values).orIgnore().returning(['id']).execute();
    const inserted = result.raw as { id: string }[];
    return inserted.length === 0 ? null : em.findOneByOrFail(Case, { id: inserted[0].id });
  }

  async appendEvent(em: EntityManager, event: NewEvent): Promise<CaseEvent> {
    return em.getRepository(CaseEvent).save(em.getRepository(CaseEvent).create({ data: {}, ...event }));
  }

  findVisible(id: string, scope: CaseScope): Promise<Case | null> {
    return this.scoped(this.cases.createQueryBuilder('c'), scope).andWhere('c.id = :id', { id }).getOne();
  }

  findByTrackingCode(trackingCode: string): Promise<Case | null> {
    return this.cases.findOneBy({ trackingCode });
  }

  /** One page of the cases a reader may see, newest first. Each filter maps onto an index of `cases`. */
  list(filter: CaseFilter, scope: CaseScope, after: Keyset | null, limit: number, now: Date): Promise<Case[]> {
    const qb = this.scoped(this.cases.createQueryBuilder('c'), scope);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
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
    if (after) {
      qb.andWhere('(c.created_at, c.id) < (:afterCreatedAt, :afterId)', { afterCreatedAt: after.createdAt, afterId: after.id });
    }
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getMany();
  }

  /** A case's timeline, oldest first, with each actor's name and role. */
  async timeline(caseId: string, options: { publicOnly: boolean }): Promise<TimelineRow[]> {
    const qb = this.events
      .createQueryBuilder('e')
      .leftJoin('users', 'u', 'u.id = e.actor_id')
      .addSelect(['u.display_name AS "actorDisplayName"', 'u.role AS "actorRole"'])
      .where('e.case_id = :caseId', { caseId })
      .orderBy('e.seq', 'ASC');
    if (options.publicOnly) qb.andWhere('e.public = true');
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((e, i) => Object.assign(e, { actorDisplayName: raw[i].actorDisplayName, actorRole: raw[i].actorRole }));
  }

  private scoped(qb: SelectQueryBuilder<Case>, scope: CaseScope): SelectQueryBuilder<Case> {
    if (scope.kind === 'all') return qb;
    return qb.andWhere(`c.owner_department_id IN (${DEPARTMENT_SUBTREE})`, { scopeDepartmentId: scope.departmentId });
  }
}
