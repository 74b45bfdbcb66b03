import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface ReplyTemplateRow {
  id: string;
  departmentId: string | null;
  title: string;
  body: string;
  categoryCodes: string[];
  updatedAt: Date;
}

const COLUMNS = `id, department_id AS "departmentId", title, body, category_codes AS "categoryCodes", updated_at AS "updatedAt"`;

@Injectable()
export class ReplyTemplatesRepository {
  constructor(private readonly db: Db) {}

  /** The centre's templates and, for a department, its own: the department's first, then by title. */
  list(departmentId: string | null): Promise<ReplyTemplateRow[]> {
    return this.db.query<ReplyTemplateRow>(
      `SELECT ${COLUMNS} FROM reply_templates
        WHERE department_id IS NULL OR department_id = $1
        ORDER BY department_id IS NULL, title, id`,
      [departmentId],
    );
  }

  find(id: string): Promise<ReplyTemplateRow | null> {
    return this.db.one<ReplyTemplateRow>(`SELECT ${COLUMNS} FROM reply_templates WHERE id = $1`, [id]);
  }

  async insert(t: { departmentId: string | null; title: string; body: string; categoryCodes: string[]; createdBy: string }, now: Date): Promise<ReplyTemplateRow> {
    const [row] = await this.db.query<ReplyTemplateRow>(
      `INSERT INTO reply_templates (department_id, title, body, category_codes, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${COLUMNS}`,
      [t.departmentId, t.title, t.body, t.categoryCodes, t.createdBy, now],
    );
    return row;
  }

  async update(id: string, changes: { title?: string; body?: string; categoryCodes?: string[] }, now: Date): Promise<ReplyTemplateRow | null> {
    const [row] = await this.db.query<ReplyTemplateRow>(
      `UPDATE reply_templates SET title = COALESCE($2, title), body = COALESCE($3, body), category_codes = COALESCE($4, category_codes), updated_at = $5
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.title ?? null, changes.body ?? null, changes.categoryCodes ?? null, now],
    );
    return row ?? null;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM reply_templates WHERE id = $1 RETURNING id`, [id])).length > 0;
  }
}
