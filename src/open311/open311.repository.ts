import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns, insertColumns } from '../database/entity-columns';
import { Open311Client } from './open311-client.entity';

/** A published case as Open311 shows it: no citizen data, no tracking code. */
export interface PublishedCase {
  publicRef: string;
  status: string;
  channel: string;
  categoryCode: string | null;
  title: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  mediaUrl: string | null;
  ownerDepartmentId: string | null;
  ownerName: string | null;
  createdAt: Date;
  updatedAt: Date;
  currentDeadline: Date | null;
  /** The last step the citizen's timeline shows. */
  lastType: string | null;
  lastData: Record<string, unknown> | null;
  lastOwnerId: string | null;
}

export interface PublishedFilter {
  refs?: string[];
  serviceCodes?: string[];
  from: Date;
  to: Date;
  status?: 'open' | 'closed';
}

const PUBLISHED = `SELECT c.public_ref AS "publicRef", c.status, c.channel, c.category_code AS "categoryCode", c.title, c.address,
    c.latitude AS lat, c.longitude AS lng, c.media_url AS "mediaUrl", c.owner_department_id AS "ownerDepartmentId",
    d.name AS "ownerName", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.current_deadline AS "currentDeadline",
    last.type AS "lastType", last.data AS "lastData", last.to_owner_department_id AS "lastOwnerId"
  FROM cases c
  LEFT JOIN departments d ON d.id = c.owner_department_id
  LEFT JOIN LATERAL (
    SELECT e.type, e.data, e.to_owner_department_id FROM case_events e
     WHERE e.case_id = c.id AND e.public AND e.type <> 'case.noted'
     ORDER BY e.seq DESC LIMIT 1) last ON true`;

/** Open311's reads of cases (only those with a public reference) and its client apps. */
@Injectable()
export class Open311Repository {
  constructor(private readonly db: Db) {}

  /**
   * Published cases — submitted through Open311, or whose citizen consented — newest first, at most
   * `limit`; by id when `refs` is given. On `cases_public_ref_created_idx`.
   */
  published(filter: PublishedFilter, limit: number): Promise<PublishedCase[]> {
    const values: unknown[] = [];
    const where = ['c.public_ref IS NOT NULL'];
    if (filter.refs) {
      where.push(`c.public_ref = ANY($${values.push(filter.refs)}::text[])`);
    } else {
      where.push(`c.created_at >= $${values.push(filter.from)}`, `c.created_at <= $${values.push(filter.to)}`);
      if (filter.serviceCodes) where.push(`c.category_code = ANY($${values.push(filter.serviceCodes)}::text[])`);
      if (filter.status) where.push(filter.status === 'closed' ? `c.status = 'closed'` : `c.status <> 'closed'`);
    }
    return this.db.query<PublishedCase>(
      `${PUBLISHED} WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT $${values.push(limit)}`,
      values,
    );
  }

  async insertClient(name: string, keyHash: string, at: Date): Promise<Open311Client> {
    const row = insertColumns(this.db.manager, Open311Client, { name, keyHash, createdAt: at });
    const [created] = await this.db.query<Open311Client>(
      `INSERT INTO open311_clients (${row.names}) VALUES (${row.placeholders}) RETURNING ${entityColumns(this.db.manager, Open311Client)}`,
      row.values,
    );
    return created;
  }

  clients(): Promise<Open311Client[]> {
    return this.db.query<Open311Client>(`SELECT ${entityColumns(this.db.manager, Open311Client)} FROM open311_clients ORDER BY created_at DESC`);
  }

  setActive(id: string, active: boolean): Promise<Open311Client | null> {
    return this.db.one<Open311Client>(
      `UPDATE open311_clients SET active = $2 WHERE id = $1 RETURNING ${entityColumns(this.db.manager, Open311Client)}`,
      [id, active],
    );
  }

  /** The active client with this key's hash. */
  activeClientByKeyHash(keyHash: string): Promise<Open311Client | null> {
    return this.db.one<Open311Client>(
      `SELECT ${entityColumns(this.db.manager, Open311Client)} FROM open311_clients WHERE key_hash = $1 AND active`,
      [keyHash],
    );
  }
}
