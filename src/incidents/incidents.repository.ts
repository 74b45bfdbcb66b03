import { Injectable } from '@nestjs/common';
import type { Case } from '../cases/case.entity';
import { CasesRepository, type TimelineRow } from '../cases/cases.repository';
import { Db } from '../database/db';
import { entityColumns, insertColumns } from '../database/entity-columns';
import { Incident, type IncidentRole } from './incident.entity';

export interface IncidentMember {
  caseId: string;
  role: IncidentRole;
  addedAt: Date;
}

/** Incidents, their cases, and the timeline of all of them. */
@Injectable()
export class IncidentsRepository {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesRepository,
  ) {}

  async insert(values: Omit<Incident, 'id'>): Promise<Incident> {
    const row = insertColumns(this.db.manager, Incident, values);
    const [created] = await this.db.query<Incident>(
      `INSERT INTO incidents (${row.names}) VALUES (${row.placeholders}) RETURNING ${entityColumns(this.db.manager, Incident)}`,
      row.values,
    );
    return created;
  }

  /** Adds a case to an incident; false when it belongs to one already (this or another). */
  async addMember(incidentId: string, caseId: string, role: IncidentRole, addedBy: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO incident_cases (case_id, incident_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [caseId, incidentId, role, addedBy, at],
    );
    return rows.length === 1;
  }

  /** Which of these cases belong to an incident already. */
  async alreadyIn(caseIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ caseId: string }>(`SELECT case_id AS "caseId" FROM incident_cases WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    return rows.map((r) => r.caseId);
  }

  find(id: string): Promise<Incident | null> {
    return this.db.one<Incident>(`SELECT ${entityColumns(this.db.manager, Incident)} FROM incidents WHERE id = $1`, [id]);
  }

  findByHotspot(hotspotId: string): Promise<Incident | null> {
    return this.db.one<Incident>(`SELECT ${entityColumns(this.db.manager, Incident)} FROM incidents WHERE hotspot_id = $1`, [hotspotId]);
  }

  /** Newest first; `caseId`: the incident that case belongs to. */
  list(limit: number, caseId?: string): Promise<Incident[]> {
    return caseId
      ? this.db.query<Incident>(
          `SELECT ${entityColumns(this.db.manager, Incident, 'i')} FROM incidents i
            WHERE i.id IN (SELECT incident_id FROM incident_cases WHERE case_id = $1)
               OR i.master_case_id = (SELECT merged_into_id FROM cases WHERE id = $1)`,
          [caseId],
        )
      : this.db.query<Incident>(`SELECT ${entityColumns(this.db.manager, Incident)} FROM incidents ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
  }

  /**
   * Every case of each incident: those added to it, and those merged into its master by other means
   * (an operator's merge at intake or from the queue) — they are part of it too.
   */
  async members(incidents: readonly Incident[]): Promise<Map<string, IncidentMember[]>> {
    const byIncident = new Map<string, IncidentMember[]>(incidents.map((i) => [i.id, []]));
    if (incidents.length === 0) return byIncident;
    const rows = await this.db.query<IncidentMember & { incidentId: string }>(
      `SELECT incident_id AS "incidentId", case_id AS "caseId", role, added_at AS "addedAt" FROM incident_cases WHERE incident_id = ANY($1::uuid[])
       UNION ALL
       SELECT i.id, c.id, 'merged', c.closed_at
         FROM incidents i JOIN cases c ON c.merged_into_id = i.master_case_id
        WHERE i.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM incident_cases x WHERE x.case_id = c.id)
       ORDER BY "addedAt", "caseId"`,
      [incidents.map((i) => i.id)],
    );
    for (const r of rows) byIncident.get(r.incidentId)?.push({ caseId: r.caseId, role: r.role, addedAt: r.addedAt });
    return byIncident;
  }

  async casesByIds(ids: readonly string[]): Promise<Case[]> {
    if (ids.length === 0) return [];
    return this.db.query<Case>(`SELECT ${this.cases.columns()} FROM cases c WHERE c.id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`, [ids]);
  }

  /** The latest `limit` events of all these cases, oldest first, each with its case's tracking code. */
  timeline(caseIds: readonly string[], limit: number): Promise<(TimelineRow & { trackingCode: string })[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT e.seq::text AS seq, e.case_id AS "caseId", c.tracking_code AS "trackingCode", e.type, e.at, e.actor_kind AS "actorKind",
                e.actor_id AS "actorId", e.from_status AS "fromStatus", e.to_status AS "toStatus",
                e.from_owner_department_id AS "fromOwnerDepartmentId", e.to_owner_department_id AS "toOwnerDepartmentId", e.note,
                e.co_department_ids AS "coDepartmentIds", e.public, e.data,
                u.display_name AS "actorDisplayName", u.role AS "actorRole", d.name AS "toOwnerName"
           FROM case_events e
           JOIN cases c ON c.id = e.case_id
           LEFT JOIN users u ON u.id = e.actor_id
           LEFT JOIN departments d ON d.id = e.to_owner_department_id
          WHERE e.case_id = ANY($1::uuid[])
          ORDER BY e.seq DESC LIMIT $2) t
        ORDER BY t.seq::bigint`,
      [caseIds, limit],
    );
  }
}
