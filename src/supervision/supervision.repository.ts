import { Injectable } from '@nestjs/common';
import type { Keyset } from '../cases/cases.repository';
import { Db } from '../database/db';
import { entityColumns } from '../database/entity-columns';
import { Supervision } from './supervision.entity';

export interface PublicSupervisionRow {
  id: string;
  ref: string;
  facts: string;
  requirement: string;
  responsiblePerson: string | null;
  createdAt: Date;
  status: string;
  title: string;
  department: string | null;
}

/** Supervision records (督办), the public list, and the overdue summary. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly db: Db) {}

  /** The next `count` numbers of the public reference sequence, in order. */
  async nextRefNumbers(count: number): Promise<number[]> {
    const rows = await this.db.query<{ n: string }>(`SELECT nextval('supervisions_ref_seq') AS n FROM generate_series(1, $1::int) ORDER BY 1`, [count]);
    return rows.map((r) => Number(r.n));
  }

  /**
   * Who answers for each department's case: its assignee if active, else the department's dept_lead; by
   * `departmentId:assigneeId` (assignee empty when none), for the distinct pairs asked.
   */
  async responsiblePeople(cases: { departmentId: string; assigneeId: string | null }[]): Promise<Map<string, string>> {
    const pairs = [...new Map(cases.map((x) => [`${x.departmentId}:${x.assigneeId ?? ''}`, x])).values()];
    if (pairs.length === 0) return new Map();
    const rows = await this.db.query<{ departmentId: string; assigneeId: string | null; name: string | null }>(
      `SELECT p.department_id AS "departmentId", p.assignee_id AS "assigneeId",
              (SELECT display_name FROM users
                WHERE active AND ((id = p.assignee_id) OR (department_id = p.department_id AND role = 'dept_lead'))
                ORDER BY (id = p.assignee_id) DESC, created_at LIMIT 1) AS name
         FROM unnest($1::uuid[], $2::uuid[]) AS p(department_id, assignee_id)`,
      [pairs.map((x) => x.departmentId), pairs.map((x) => x.assigneeId)],
    );
    return new Map(rows.filter((r) => r.name !== null).map((r) => [`${r.departmentId}:${r.assigneeId ?? ''}`, r.name!]));
  }

  /** Inserts the records in one statement; returns them in the order given. */
  async insertMany(values: Omit<Supervision, 'id'>[]): Promise<Supervision[]> {
    const column = <K extends keyof (typeof values)[number]>(key: K) => values.map((v) => v[key]);
    const rows = await this.db.query<Supervision>(
      `INSERT INTO supervisions (ref, case_id, source, facts, requirement, responsible_department_id, responsible_person, created_by, created_at)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::uuid[], $9::timestamptz[])
       RETURNING ${entityColumns(this.db.manager, Supervision)}`,
      [column('ref'), column('caseId'), column('source'), column('facts'), column('requirement'), column('responsibleDepartmentId'), column('responsiblePerson'), column('createdBy'), column('createdAt')],
    );
    const byRef = new Map(rows.map((r) => [r.ref, r]));
    return values.map((v) => byRef.get(v.ref)!);
  }

  /**
   * One page of the public supervision list (督查公开), newest first: never citizen data, never the tracking
   * code; the case's title only when the citizen agreed to publish it, else its category.
   */
  publicPage(after: Keyset | null, limit: number): Promise<PublicSupervisionRow[]> {
    return this.db.query<PublicSupervisionRow>(
      `SELECT s.id, s.ref, s.facts, s.requirement, s.responsible_person AS "responsiblePerson", s.created_at AS "createdAt", c.status,
              CASE WHEN c.public_consent THEN c.title ELSE COALESCE(cat.name, '未分类事项') END AS title,
              d.name AS department
         FROM supervisions s
         JOIN cases c ON c.id = s.case_id
         LEFT JOIN categories cat ON cat.code = c.category_code
         LEFT JOIN departments d ON d.id = s.responsible_department_id
        WHERE ($1::timestamptz IS NULL OR (s.created_at, s.id) < ($1, $2::uuid))
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT $3`,
      [after?.key ?? null, after?.id ?? null, limit],
    );
  }

  /** Open overdue cases per owner (null: the centre), the longest overdue first. */
  overdueByOwner(now: Date): Promise<{ owner: string | null; overdue: number; oldest: Date }[]> {
    return this.db.query(
      `SELECT owner_department_id AS owner, count(*)::int AS overdue, min(current_deadline) AS oldest
         FROM cases
        WHERE status <> 'closed' AND current_deadline < $1
        GROUP BY owner_department_id
        ORDER BY oldest`,
      [now],
    );
  }
}
