import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface CatalogRow {
  code: string;
  name: string;
  parentCode: string | null;
}

/** Categories (事项分类) and regions (行政区划): two trees of codes. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  categories(): Promise<CatalogRow[]> {
    return this.db.query<CatalogRow>(`SELECT code, name, parent_code AS "parentCode" FROM categories ORDER BY code`);
  }

  regions(): Promise<CatalogRow[]> {
    return this.db.query<CatalogRow>(`SELECT code, name, parent_code AS "parentCode" FROM regions ORDER BY code`);
  }
}
