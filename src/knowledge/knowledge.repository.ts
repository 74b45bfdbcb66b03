import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

/** An entry as the repository reads it (dates as YYYY-MM-DD). */
export interface KnowledgeRow {
  id: string;
  title: string;
  keywords: string;
  body: string;
  categoryCodes: string[];
  regionCode: string | null;
  departmentId: string;
  sourceRef: string | null;
  effectiveFrom: string;
  expiresAt: string | null;
  reviewDueAt: string;
  retiredAt: Date | null;
  version: number;
  updatedAt: Date;
}

export interface KnowledgeSearch {
  /** Today in Asia/Shanghai: entries in force on it. */
  today: string;
  q?: string;
  /** Entries filed under any of these categories. */
  categoryCodes?: string[];
  /** Entries for the whole city or any of these regions. */
  regionCodes?: string[];
  departmentId?: string;
  reviewDue?: boolean;
  limit: number;
}

export type KnowledgeWrite = Partial<Omit<KnowledgeRow, 'id' | 'version' | 'updatedAt' | 'retiredAt'>>;

const COLUMNS = `k.id, k.title, k.keywords, k.body, k.category_codes AS "categoryCodes", k.region_code AS "regionCode",
  k.department_id AS "departmentId", k.source_ref AS "sourceRef", k.effective_from::text AS "effectiveFrom",
  k.expires_at::text AS "expiresAt", k.review_due_at::text AS "reviewDueAt", k.retired_at AS "retiredAt", k.version,
  k.updated_at AS "updatedAt"`;

const WRITABLE: Record<keyof KnowledgeWrite, string> = {
  title: 'title',
  keywords: 'keywords',
  body: 'body',
  categoryCodes: 'category_codes',
  regionCode: 'region_code',
  departmentId: 'department_id',
  sourceRef: 'source_ref',
  effectiveFrom: 'effective_from',
  expiresAt: 'expires_at',
  reviewDueAt: 'review_due_at',
};

/**
 * Relevance of an entry to a caller's words: `ts_rank` of the words' bigrams in the title and keywords,
 * plus a fifth of it in the body, each divided by 1 + the log of the vector's length (normalisation 1:
 * a long text matches more by chance, and fewer entries tie). README "Chinese text search": as good on
 * the committed phrasings as a weighted positional rank, at a fraction of its cost.
 */
const RANK = `(ts_rank(k.search_title, q.query, 1) + 0.2 * ts_rank(k.search_body, q.query, 1))`;

/**
 * The SQL of a knowledge-base search (pure, so the benchmark explains exactly what the app sends):
 * entries in force (not retired, effective, not expired) that match the filters — most relevant to `q`
 * first (the GIN index on the bigram vector finds the entries sharing a bigram with it), else
 * review-due oldest first, else newest first. The words' query is computed once (PostgreSQL folds
 * the immutable functions of a parameter when it plans).
 */
export function knowledgeSearchSql(s: KnowledgeSearch): { text: string; values: unknown[] } {
  const values: unknown[] = [s.today];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where = ['k.retired_at IS NULL', 'k.effective_from <= $1', '(k.expires_at IS NULL OR k.expires_at >= $1)'];
  let order = 'k.updated_at DESC, k.id';
  let from = 'knowledge_entries k';
  let rank = '';
  if (s.q !== undefined) {
    from = `(SELECT search_any(search_vector(${param(s.q)})) AS query) q, knowledge_entries k`;
    where.push('(k.search_title || k.search_body) @@ q.query');
    rank = `, ${RANK} AS rank`;
    // Ties (the same bigrams matched) by title, so that the same words always list the same way.
    order = 'rank DESC, k.title, k.id';
  }
  if (s.categoryCodes) where.push(`k.category_codes && ${param(s.categoryCodes)}::text[]`);
  if (s.regionCodes) where.push(`(k.region_code IS NULL OR k.region_code = ANY(${param(s.regionCodes)}::text[]))`);
  if (s.departmentId) where.push(`k.department_id = ${param(s.departmentId)}`);
  if (s.reviewDue) {
    where.push('k.review_due_at <= $1');
    if (s.q === undefined) order = 'k.review_due_at, k.id';
  }
  return {
    text: `SELECT ${COLUMNS}${rank} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${param(s.limit)}`,
    values,
  };
}

@Injectable()
export class KnowledgeRepository {
  constructor(private readonly db: Db) {}

  /** Entries in force that match the filters (see `knowledgeSearchSql`). */
  search(s: KnowledgeSearch): Promise<KnowledgeRow[]> {
    const { text, values } = knowledgeSearchSql(s);
    return this.db.query<KnowledgeRow>(text, values);
  }

  find(id: string): Promise<KnowledgeRow | null> {
    return this.db.one<KnowledgeRow>(`SELECT ${COLUMNS} FROM knowledge_entries k WHERE k.id = $1`, [id]);
  }

  /** Those of `ids` that exist, with whether each is in force on `today`. */
  inForce(ids: string[], today: string): Promise<{ id: string; inForce: boolean }[]> {
    return this.db.query(
      `SELECT id, (retired_at IS NULL AND effective_from <= $2 AND (expires_at IS NULL OR expires_at >= $2)) AS "inForce"
         FROM knowledge_entries WHERE id = ANY($1::uuid[])`,
      [ids, today],
    );
  }

  async insert(values: KnowledgeWrite & { createdBy: string | null }, now: Date): Promise<KnowledgeRow> {
    const given = Object.entries(values).filter(([key, v]) => v !== undefined && key in WRITABLE) as [keyof KnowledgeWrite, unknown][];
    const names = [...given.map(([key]) => WRITABLE[key]), 'created_by', 'created_at', 'updated_at'];
    const params = [...given.map(([, v]) => v), values.createdBy, now, now];
    const [row] = await this.db.query<KnowledgeRow>(
      `INSERT INTO knowledge_entries AS k (${names.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${COLUMNS}`,
      params,
    );
    return row;
  }

  /** Writes `changes` only at `version`; null when the version moved on (or the entry is gone). */
  async update(id: string, version: number, changes: KnowledgeWrite & { retiredAt?: Date }, now: Date): Promise<KnowledgeRow | null> {
    const columns: Record<string, string> = { ...WRITABLE, retiredAt: 'retired_at' };
    const given = Object.entries(changes).filter(([key, v]) => v !== undefined && key in columns);
    const values: unknown[] = [id, version, now];
    const sets = given.map(([key, v]) => `${columns[key]} = $${values.push(v)}`);
    const [row] = await this.db.query<KnowledgeRow>(
      `UPDATE knowledge_entries AS k SET ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')}
        WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      values,
    );
    return row ?? null;
  }
}
