import { Injectable } from '@nestjs/common';
import type { Keyset } from '../cases/cases.repository';
import { Db } from '../database/db';
import { entityColumns, insertColumns } from '../database/entity-columns';
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

  /** The next number of the public reference sequence. */
  async nextRefNumber(): Promise<number> {
    const [{ n }] = await this.db.query<{ n: string }>(`SELECT nextval('supervisions_ref_seq') AS n`);
    return Number(n);
  }

  /** Who answers for a department's case: its assignee if active, else the department's dept_lead. */
  async responsiblePerson(departmentId: string, assigneeId: string | null): Promise<string | null> {
    const row = await this.db.one<{ name: string }>(
      `SELECT display_name AS name FROM users
        WHERE active AND ((id = $2) OR (department_id = $1 AND role = 'dept_lead'))
        ORDER BY (id = $2) DESC, created_at LIMIT 1`,
      [departmentId, assigneeId],
    );
    return row?.name ?? null;
  }

  async insert(values: Omit<Supervision, 'id'>): Promise<Supervision> {
    const row = insertColumns(this.db.manager, Supervision, values);
    const [created] = await this.db.query<Supervision>(
      `INSERT INTO supervisions (${row.names}) VALUES (${row.placeholders}) RETURNING ${entityColumns(this.db.manager, Supervision)}`,
      row.values,
    );
    return created;
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
