import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceData, REFERENCE_VERSION_COLUMN } from '../database/reference-data';
import type { CommittedEvent, DepartmentDirectory, DepartmentNode, ReplayScope } from './live-scope';

/** The LISTEN/NOTIFY channel that wakes every instance's relay. Carries no payload. */
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
    private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceData,
  ) {}

  /** The highest visible seq (0 before the first event). */
  async maxSeq(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM case_events`);
    return Number(row.seq);
  }

  /**
   * Visible events after `afterSeq`, oldest first, together with the `xmin` of the very snapshot that
   * read them (the oldest transaction still running then). One statement, so one snapshot; it also
   * reports the reference data version of that snapshot, so that `directory()` is at least as recent
   * as the events it decides the audience of.
   */
  async readAfter(afterSeq: number, limit: number): Promise<{ events: CommittedEvent[]; xmin: bigint }> {
    const rows: (RawEventRow & { xmin: string; referenceVersion: string })[] = await this.dataSource.query(
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
    const [row] = await this.dataSource.query(`SELECT pg_current_xact_id()::text AS xid`);
    return BigInt(row.xid);
  }

  /** Wakes the relays of every instance. Sent outside any transaction. */
  async notify(): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [CASE_EVENTS_CHANNEL]);
  }

  /**
   * Every department, with its parent: this instance's copy (ReferenceData), current as of the last
   * `readAfter` that returned events — the relay reads it once per batch it publishes.
   */
  directory(): Promise<DepartmentDirectory> {
    return this.referenceData.get('live-directory', async (q) => {
      const rows: DepartmentNode[] = await q.query(`SELECT id, code, name, parent_id AS "parentId" FROM departments`);
      return new Map(rows.map((d) => [d.id, d]));
    });
  }

  /** When the first event after `seq` happened; null when there is none. */
  async firstEventAfter(seq: number): Promise<Date | null> {
    const [row] = await this.dataSource.query(`SELECT at FROM case_events WHERE seq > $1 ORDER BY seq LIMIT 1`, [seq]);
    return row ? (row.at as Date) : null;
  }

  /**
   * One page of the events in `(afterSeq, upTo]` that `scope` may concern, oldest first. Narrows by the
   * events' owner and co-handler columns (against a department's whole subtree); the caller still checks
   * each row with `reaches`, the rule live delivery uses.
   */
  async replayPage(scope: ReplayScope, afterSeq: number, upTo: number, limit: number): Promise<CommittedEvent[]> {
    const params: unknown[] = [afterSeq, upTo, limit];
    let subtree = '';
    let narrow = '';
    if (scope.kind === 'case') {
      params.push(scope.caseId);
      narrow = `AND e.case_id = $4`;
    } else if (scope.kind === 'department') {
      params.push(scope.departmentId);
      subtree = `WITH RECURSIVE unit AS (
          SELECT id FROM departments WHERE id = $4
          UNION ALL
          SELECT d.id FROM departments d JOIN unit ON d.parent_id = unit.id)`;
      narrow = `AND (e.from_owner_department_id IN (SELECT id FROM unit)
                  OR e.to_owner_department_id IN (SELECT id FROM unit)
                  OR e.co_department_ids && ARRAY(SELECT id FROM unit))`;
    }
    const rows: RawEventRow[] = await this.dataSource.query(
      `${subtree}
       SELECT ${EVENT_COLUMNS}
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.seq > $1 AND e.seq <= $2 ${narrow}
        ORDER BY e.seq
        LIMIT $3`,
      params,
    );
    return rows.map(toEvent);
  }
}
