/**
 * The commit-order rule of the live relay, as a pure function.
 *
 * `case_events.seq` is drawn from a sequence when the row is inserted, not when its transaction commits,
 * so transactions commit out of `seq` order: a reader that tails "seq > last seen" would step over an
 * event whose transaction commits a moment later, and that event would never be published.
 *
 * The relay therefore publishes only a contiguous run of `seq`s. At the first hole it stops and waits
 * for the transactions that may still fill it. Which ones can? Only transactions that held a
 * transaction id before the hole was seen: every event insert follows an earlier write of the same
 * transaction (enforced by the `case_events_follow_a_write` trigger), so its transaction had an id
 * before it drew its `seq`; and it drew that `seq` before the transaction of any later `seq` drew
 * its own, which committed before the hole was seen (the identity sequence hands out values in order:
 * its cache is 1). So, after seeing a hole below `upTo`, the relay obtains a `horizon` — a transaction
 * id assigned after that moment, hence above every id that could fill the hole — and once a snapshot's
 * `xmin` (the oldest transaction still running) reaches the horizon, all of them have ended: the seqs
 * still missing below `upTo` were rolled back, and the relay steps over them.
 *
 * Why not the snapshot's own `xmax` as the horizon: PostgreSQL's `pg_snapshot_xmax` is one past the
 * highest *completed* transaction id, not the next id to be assigned. A still-running transaction with
 * a higher id than every completed one (it began writing after the transaction that committed the
 * later `seq`) is not below it, so "xmin ≥ xmax-at-the-gap" can hold while the hole's own transaction
 * is still running, and the relay would skip an event that then commits.
 */

/** Where the relay stands. Seqs are numbers (they stay far below 2^53); transaction ids are xid8, as bigint. */
export interface RelayPosition {
  /** Every event up to here was published, or is known never to commit. */
  lastSeq: number;
  /** A hole right after `lastSeq`, seen below the (visible) event `upTo`. */
  gap: Gap | null;
}

export interface Gap {
  upTo: number;
  /** A transaction id assigned after the hole was seen; null until the relay has obtained one. */
  horizon: bigint | null;
}

export interface PassResult {
  /** The seqs to publish now, in order: a prefix of the seqs read. */
  publish: number[];
  position: RelayPosition;
}

/**
 * One pass: `seqs` are the visible events after `position.lastSeq`, ascending, read in one snapshot
 * whose oldest running transaction is `xmin`.
 */
export function advance(position: RelayPosition, seqs: readonly number[], xmin: bigint): PassResult {
  let lastSeq = position.lastSeq;
  let gap = position.gap;
  const publish: number[] = [];
  for (const seq of seqs) {
    if (seq <= lastSeq) continue;
    const contiguous = seq === lastSeq + 1;
    // The hole's transactions have all ended: what is still missing below `upTo` was rolled back.
    const holeSettled = gap !== null && gap.horizon !== null && xmin >= gap.horizon && seq <= gap.upTo;
    if (!contiguous && !holeSettled) {
      gap ??= { upTo: seqs[seqs.length - 1], horizon: null };
      break;
    }
    publish.push(seq);
    lastSeq = seq;
    if (gap && lastSeq >= gap.upTo) gap = null;
  }
  return { publish, position: { lastSeq, gap } };
}
