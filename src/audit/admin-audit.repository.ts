import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  entity: string;
  entityId: string;
  action: 'insert' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The administrative changes the audit trigger recorded (migration AdminAudit). */
@Injectable()
export class AdminAuditRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, below `beforeId` when given (keyset on the primary key). */
  page(beforeId: string | null, limit: number): Promise<AuditRow[]> {
    return this.db.query<AuditRow>(
      `SELECT id::text AS id, at, actor_id AS "actorId", actor_name AS "actorName", entity, entity_id AS "entityId", action, before, after
         FROM admin_audit
        WHERE ($1::bigint IS NULL OR id < $1::bigint)
        ORDER BY admin_audit.id DESC
        LIMIT $2`,
      [beforeId, limit],
    );
  }
}
