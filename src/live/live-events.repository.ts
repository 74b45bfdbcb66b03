import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { ReferenceData, REFERENCE_VERSION_COLUMN } from '../database/reference-data';
import { DepartmentsService } from '../departments/departments.service';
import type { CommittedEvent, DepartmentDirectory, ReplayScope } from './live-scope';

/** The LISTEN/NOTIFY channel that wakes every instance's relay. The payload names the instance that sent it. */
export const CASE_EVENTS_CHANNEL = 'case_events';

interface RawEventRow extends Omit<CommittedEvent, 'seq'> {
  seq: string;
}

const EVENT_COLUMNS = `
  e.seq::text AS seq, e.type, e.case_id AS "caseId", c.tracking_code AS "trackingCode", e.at,
  e.to_status AS "toStatus", e.from_owner_department_id AS "fromOwnerDepartmentId",
  e.to_owner_department_id AS "toOwnerDepartmentId", e.co_department_ids AS "coDepartmentIds", e.public`;

const toEvent = (r: RawEventRow): CommittedEvent => ({ ...r, seq: Number(r.seq) });

/** The live feed's queries. Every read of `case_events` walks its primary key (`seq`) in order. */
@Injectable()
export class LiveEventsRepository {
  constructor(
    private readonly db: Db,
    private readonly referenceData: ReferenceData,
    private readonly departments: DepartmentsService,
  ) {}

  /** The highest visible seq (0 before the first event). */
  async maxSeq(): Promise<number> {
    const [row] = await this.db.query<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM case_events`);
    return Number(row.seq);
  }

  /**
   * Visible events after `afterSeq`, oldest first, together with the `xmin` of the very snapshot that
   * read them (the oldest transaction still running then). One statement, so one snapshot; it also
   * reports the reference data version of that snapshot, so that `directory()` is at least as recent
   * as the events it decides the audience of.
   */
  async readAfter(afterSeq: number, limit: number): Promise<{ events: CommittedEvent[]; xmin: bigint }> {
    const rows = await this.db.prepared<RawEventRow & { xmin: string; referenceVersion: string }>(
      `SELECT ${EVENT_COLUMNS}, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, ${REFERENCE_VERSION_COLUMN}
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.seq > $1
        ORDER BY e.seq
        LIMIT $2`,
      [afterSeq, limit],
    );
    if (rows.length > 0) this.referenceData.observe(rows[0].referenceVersion);
    return { events: rows.map(({ xmin: _, referenceVersion: __, ...r }) => toEvent(r)), xmin: rows.length > 0 ? BigInt(rows[0].xmin) : 0n };
  }

  /**
   * A transaction id assigned now, so above that of every transaction that holds one already. Spends
   * one id (a tiny transaction of its own); the relay asks only when a hole in `seq` lasts.
   */
  async newHorizon(): Promise<bigint> {
    const [row] = await this.db.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    return BigInt(row.xid);
  }

  /** Wakes the relays of every instance. Sent outside any transaction. */
  async notify(sender: string): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [CASE_EVENTS_CHANNEL, sender]);
  }

  /**
   * The department tree: this instance's copy (ReferenceData), current as of the last `readAfter` that
   * returned events — the relay reads it once per batch it publishes.
   */
  directory(): Promise<DepartmentDirectory> {
    return this.departments.hierarchy();
  }

  /** When the first event after `seq` happened; null when there is none. */
  async firstEventAfter(seq: number): Promise<Date | null> {
    const row = await this.db.one<{ at: Date }>(`SELECT at FROM case_events WHERE seq > $1 ORDER BY seq LIMIT 1`, [seq]);
    return row?.at ?? null;
  }

  /**
   * One page of the events in `(afterSeq, upTo]` that `scope` may concern, oldest first. Narrows by the
   * events' owner and co-handler columns (against a department's whole subtree); the caller still checks
   * each row with `reaches`, the rule live delivery uses.
   */
  async replayPage(scope: ReplayScope, afterSeq: number, upTo: number, limit: number): Promise<CommittedEvent[]> {
    const params: unknown[] = [afterSeq, upTo, limit];
    let narrow = '';
    if (scope.kind === 'case') {
      params.push(scope.caseId);
      narrow = `AND e.case_id = $4`;
    } else if (scope.kind === 'departments') {
      params.push(scope.departmentIds);
      narrow = `AND (e.from_owner_department_id = ANY($4::uuid[]) OR e.to_owner_department_id = ANY($4::uuid[])
                  OR e.co_department_ids && $4::uuid[])`;
    }
    const rows = await this.db.query<RawEventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.seq > $1 AND e.seq <= $2 ${narrow}
        ORDER BY e.seq
        LIMIT $3`,
      params,
    );
    return rows.map(toEvent);
  }

  /** The users among `ids` who are active, with their role and department now. */
  activeUsers(ids: string[]): Promise<{ id: string; tokenVersion: number }[]> {
    return this.db.query(`SELECT id, token_version AS "tokenVersion" FROM users WHERE id = ANY($1) AND active`, [ids]);
  }
}
