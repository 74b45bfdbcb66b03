import { createHash } from 'node:crypto';

/** The "previous hash" of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as the chain covers it: every field as PostgreSQL renders it (`CHAIN_COLUMNS`). */
export interface ChainRow {
  seq: string;
  caseId: string;
  type: string;
  /** ISO 8601 in UTC with microseconds. */
  at: string;
  actorId: string | null;
  fromStatus: string | null;
  toStatus: string;
  fromOwnerId: string | null;
  toOwnerId: string | null;
  note: string | null;
  public: boolean;
  /** `data` as jsonb renders it. */
  data: string;
  hash: string;
}

/** The columns of a ChainRow, for `SELECT … FROM case_events e`. */
export const CHAIN_COLUMNS = `e.seq::text AS seq, e.case_id AS "caseId", e.type,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, e.actor_id AS "actorId",
  e.from_status AS "fromStatus", e.to_status AS "toStatus", e.from_owner_department_id AS "fromOwnerId",
  e.to_owner_department_id AS "toOwnerId", e.note, e.public, e.data::text AS data, e.hash`;

/** A string as jsonb renders it: JSON's escapes, which are PostgreSQL's (`escape_json`). */
const jsonString = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * The event's canonical JSON array, `[seq, caseId, type, at, actorId, fromStatus, toStatus, fromOwnerId,
 * toOwnerId, note, public, data]`, exactly as the database's `case_event_canonical` renders it (jsonb's
 * text form: elements separated by ", "); computed here from the stored fields alone, so a check does
 * not trust the database's own function.
 */
export function canonicalEvent(e: ChainRow): string {
  const items = [
    e.seq,
    jsonString(e.caseId),
    jsonString(e.type),
    jsonString(e.at),
    jsonString(e.actorId),
    jsonString(e.fromStatus),
    jsonString(e.toStatus),
    jsonString(e.fromOwnerId),
    jsonString(e.toOwnerId),
    jsonString(e.note),
    String(e.public),
    e.data,
  ];
  return `[${items.join(', ')}]`;
}

export function chainHash(previous: string, e: ChainRow): string {
  return createHash('sha256').update(previous + canonicalEvent(e), 'utf8').digest('hex');
}

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first event whose hash does not follow from its fields and its predecessor's; null when ok. */
  firstBrokenSeq: number | null;
}

/** Checks one case's events, oldest first. */
export function verifyChain(events: ChainRow[]): ChainReport {
  let previous = GENESIS_HASH;
  for (const e of events) {
    if (chainHash(previous, e) !== e.hash) return { ok: false, events: events.length, firstBrokenSeq: Number(e.seq) };
    previous = e.hash;
  }
  return { ok: true, events: events.length, firstBrokenSeq: null };
}
