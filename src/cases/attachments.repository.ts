import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns, insertColumns } from '../database/entity-columns';
import { Attachment } from './attachment.entity';

/** The attachments of cases (the rows: the bytes are in the file store). */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly db: Db) {}

  private get columns(): string {
    return entityColumns(this.db.manager, Attachment);
  }

  async insert(values: Omit<Attachment, 'id'>): Promise<Attachment> {
    const row = insertColumns(this.db.manager, Attachment, values);
    const [created] = await this.db.query<Attachment>(
      `INSERT INTO attachments (${row.names}) VALUES (${row.placeholders}) RETURNING ${this.columns}`,
      row.values,
    );
    return created;
  }

  /** The attachments of several cases at once, oldest first (`attachments_case_idx`). */
  async ofCases(caseIds: string[], options: { publicOnly?: boolean } = {}): Promise<Map<string, Attachment[]>> {
    const byCase = new Map<string, Attachment[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await this.db.prepared<Attachment>(
      `SELECT ${this.columns} FROM attachments WHERE case_id = ANY($1) ${options.publicOnly ? 'AND public' : ''} ORDER BY case_id, created_at, id`,
      [caseIds],
    );
    for (const a of rows) byCase.set(a.caseId, [...(byCase.get(a.caseId) ?? []), a]);
    return byCase;
  }

  /** One attachment of one case (never another case's, whatever id is asked for). */
  find(caseId: string, id: string): Promise<Attachment | null> {
    return this.db.one<Attachment>(`SELECT ${this.columns} FROM attachments WHERE case_id = $1 AND id = $2`, [caseId, id]);
  }

  /** Makes these attachments of the case public (with a reply); returns the ids it found. */
  async publish(caseId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(`UPDATE attachments SET public = true WHERE case_id = $1 AND id = ANY($2::uuid[]) RETURNING id`, [caseId, ids]);
    return rows.map((r) => r.id);
  }
}
