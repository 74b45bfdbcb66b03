import { Injectable } from '@nestjs/common';
import { Db } from './db';

/**
 * This instance's copies of the reference data — categories, regions, departments, routing rules, the
 * SLA policy, the working calendar: small tables read by nearly every case action and written a few
 * times a year. Reading them per request was most of intake's database round trips.
 *
 * Kept current by `reference_version`, a number that a statement trigger on each of those tables moves
 * in the writing transaction, whoever writes (migration ReferenceVersion). Every authenticated request
 * reads it together with its user (JwtStrategy, no extra round trip) and reports it here; requests
 * without a user that use reference data call `refresh()`. A copy is used only while the version it was
 * read at is still the last one seen, so a request that starts after a change committed — on any
 * instance — never sees the data from before it.
 */
@Injectable()
export class ReferenceData {
  private version = 0n;
  /** Loaded copies, current as long as `version` does not move. */
  private readonly copies = new Map<string, unknown>();
  /** Loads through the pool in progress, shared by the callers outside a transaction. */
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Db) {}

  /** A version read from the database: a newer one drops every copy. */
  observe(version: bigint | string): void {
    const seen = BigInt(version);
    if (seen <= this.version) return;
    this.version = seen;
    this.copies.clear();
    this.loading.clear();
  }

  /** Reads the version now (for requests that have no user to read it with). */
  async refresh(): Promise<void> {
    const [row] = await this.db.prepared<{ version: string }>(`SELECT version::text AS version FROM reference_version`);
    this.observe(row.version);
  }

  /**
   * The copy named `name`, loaded by `load` the first time after a change; a failed load is not kept.
   * Inside a transaction a miss reads through it, on its own — never waiting for a load through the
   * pool, which could wait for a connection that transactions like this one hold. Callers outside a
   * transaction share one load. Never from a transaction that has written reference data itself: the
   * copy would hold what it has not committed.
   */
  async get<T>(name: string, load: () => Promise<T>): Promise<T> {
    if (this.copies.has(name)) return this.copies.get(name) as T;
    const version = this.version;
    const keep = (value: T) => {
      if (this.version === version) this.copies.set(name, value);
      return value;
    };
    if (this.db.inTransaction) return keep(await load());
    let pending = this.loading.get(name) as Promise<T> | undefined;
    if (!pending) {
      pending = load().then(keep);
      this.loading.set(name, pending);
      const done = () => {
        if (this.loading.get(name) === pending) this.loading.delete(name);
      };
      pending.then(done, done);
    }
    return pending;
  }
}

/** The column to select with a user so that the request reports the reference version (see ReferenceData). */
export const REFERENCE_VERSION_COLUMN = `(SELECT version::text FROM reference_version) AS "referenceVersion"`;
