import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import type { Kind } from './category.entity';

/** The two code trees, by their table. */
export type CatalogKind = 'categories' | 'regions';

export interface CatalogRow {
  code: string;
  name: string;
  parentCode: string | null;
}

/** A category, with the kind of request it implies (null: none of its own). */
export interface CategoryRow extends CatalogRow {
  defaultKind: Kind | null;
}

/** Categories (事项分类) and regions (行政区划): two trees of codes. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  categories(): Promise<CategoryRow[]> {
    return this.db.query<CategoryRow>(`SELECT code, name, parent_code AS "parentCode", default_kind AS "defaultKind" FROM categories ORDER BY code`);
  }

  regions(): Promise<CatalogRow[]> {
    return this.db.query<CatalogRow>(`SELECT code, name, parent_code AS "parentCode" FROM regions ORDER BY code`);
  }

  find(kind: CatalogKind, code: string): Promise<CatalogRow | null> {
    return this.db.one<CatalogRow>(`SELECT code, name, parent_code AS "parentCode" FROM ${kind} WHERE code = $1`, [code]);
  }

  /** Inserts a node; false when the code is taken. */
  async insert(kind: CatalogKind, row: CatalogRow): Promise<boolean> {
    const inserted = await this.db.query(
      `INSERT INTO ${kind} (code, name, parent_code) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [row.code, row.name, row.parentCode],
    );
    return inserted.length === 1;
  }

  /** Inserts a category with its implied kind; false when the code is taken. */
  async insertCategory(row: CategoryRow): Promise<boolean> {
    const inserted = await this.db.query(
      `INSERT INTO categories (code, name, parent_code, default_kind) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [row.code, row.name, row.parentCode, row.defaultKind],
    );
    return inserted.length === 1;
  }

  /** Renames a category and/or sets its implied kind (`null` clears it) in one statement; null when there is no such category. */
  async updateCategory(code: string, change: { name?: string; defaultKind?: Kind | null }): Promise<CategoryRow | null> {
    return this.db.one<CategoryRow>(
      `UPDATE categories SET name = COALESCE($2, name), default_kind = CASE WHEN $4 THEN $3 ELSE default_kind END
       WHERE code = $1 RETURNING code, name, parent_code AS "parentCode", default_kind AS "defaultKind"`,
      [code, change.name ?? null, change.defaultKind ?? null, change.defaultKind !== undefined],
    );
  }

  async rename(kind: CatalogKind, code: string, name: string): Promise<CatalogRow | null> {
    return this.db.one<CatalogRow>(`UPDATE ${kind} SET name = $2 WHERE code = $1 RETURNING code, name, parent_code AS "parentCode"`, [code, name]);
  }

  /** What still uses a node: its children, routing rules, cases. Empty when it may be deleted. */
  async uses(kind: CatalogKind, code: string): Promise<string[]> {
    const column = kind === 'categories' ? 'category_code' : 'region_code';
    const [row] = await this.db.query<{ children: boolean; rules: boolean; cases: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${kind} WHERE parent_code = $1) AS children,
              EXISTS (SELECT 1 FROM routing_rules WHERE ${column} = $1) AS rules,
              EXISTS (SELECT 1 FROM cases WHERE ${column} = $1) AS cases`,
      [code],
    );
    return Object.entries(row).filter(([, used]) => used).map(([what]) => what);
  }

  async delete(kind: CatalogKind, code: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM ${kind} WHERE code = $1 RETURNING code`, [code])).length === 1;
  }
}
