import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns, insertColumns, updateColumns } from '../database/entity-columns';
import { Department } from './department.entity';

@Injectable()
export class DepartmentsRepository {
  constructor(private readonly db: Db) {}

  /** Every department, active or not, by code. */
  all(): Promise<Department[]> {
    return this.db.query<Department>(`SELECT ${entityColumns(this.db.manager, Department)} FROM departments ORDER BY code`);
  }

  /** Inserts a department; null when its code is taken. */
  insert(values: Pick<Department, 'code' | 'name' | 'parentId'>): Promise<Department | null> {
    const row = insertColumns(this.db.manager, Department, values);
    return this.db.one<Department>(
      `INSERT INTO departments (${row.names}) VALUES (${row.placeholders}) ON CONFLICT (code) DO NOTHING
       RETURNING ${entityColumns(this.db.manager, Department)}`,
      row.values,
    );
  }

  update(id: string, changes: Partial<Pick<Department, 'name' | 'parentId' | 'active'>>): Promise<Department | null> {
    const set = updateColumns(this.db.manager, Department, changes, 1);
    const assignments = set.assignments || 'id = id';
    return this.db.one<Department>(
      `UPDATE departments SET ${assignments} WHERE id = $1 RETURNING ${entityColumns(this.db.manager, Department)}`,
      [id, ...set.values],
    );
  }

  /** How many open cases the department owns (on `cases_owner_open_deadline_idx`'s rows: open cases by owner). */
  async openCasesOwned(id: string): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE owner_department_id = $1 AND status <> 'closed'`,
      [id],
    );
    return n;
  }

  /** Whether `ancestorId` is `id` itself or one of the units above it. */
  async isAtOrAbove(id: string, ancestorId: string): Promise<boolean> {
    const [{ found }] = await this.db.query<{ found: boolean }>(
      `WITH RECURSIVE up AS (SELECT id, parent_id FROM departments WHERE id = $1
                             UNION ALL SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id)
       SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS found`,
      [id, ancestorId],
    );
    return found;
  }
}
