import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import type { PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/** Work to do once the current transaction has committed (never if it rolls back). */
const AFTER_COMMIT = Symbol('afterCommit');
/** As `maxQueryExecutionTime` in the DataSource options: TypeORM's slow-query log does not see these. */
const SLOW_MS = 1000;

const statementNames = new Map<string, string>();

/**
 * The one way the application talks to PostgreSQL: hand-written SQL, in repositories, through this.
 *
 * A statement runs in the current transaction when there is one — the transaction travels with the
 * request in its async context (nestjs-cls), not as a parameter — and on any pooled connection
 * otherwise. `prepared` runs a fixed statement of a hot path as a named prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every request. Errors are pg's own (`code` is
 * the SQLSTATE), which `isDatabaseUnavailable` and the error filter understand.
 */
@Injectable()
export class Db {
  private readonly logger = new Logger(Db.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  /** Rows of a statement (an unnamed one: for SQL built per call, e.g. a list's filters). */
  query<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    return this.run<T>({ text, values });
  }

  /** Rows of a fixed statement, as a named prepared statement (the name derives from the text). */
  prepared<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    let name = statementNames.get(text);
    if (!name) {
      name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      statementNames.set(text, name);
    }
    return this.run<T>({ name, text, values });
  }

  /** The first row, or null. */
  async one<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T | null> {
    return (await this.query<T>(text, values))[0] ?? null;
  }

  /**
   * Runs `work` in a transaction; inside one already, joins it. Work registered with `afterCommit`
   * runs once the outermost transaction has committed.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return work();
    const afterCommit: (() => void)[] = [];
    const result = await this.txHost.withTransaction(() => {
      this.cls.set(AFTER_COMMIT, afterCommit);
      return work();
    });
    for (const task of afterCommit) {
      try {
        task();
      } catch (error) {
        this.logger.error(error);
      }
    }
    return result;
  }

  /** Runs `task` after the current transaction commits; at once when there is none. */
  afterCommit(task: () => void): void {
    const pending = this.txHost.isTransactionActive() ? this.cls.get<(() => void)[]>(AFTER_COMMIT) : undefined;
    if (pending) {
      if (!pending.includes(task)) pending.push(task);
    } else {
      task();
    }
  }

  get inTransaction(): boolean {
    return this.txHost.isTransactionActive();
  }

  /** The current transaction's EntityManager, or the pool's: for TypeORM metadata (`entity-columns.ts`). */
  get manager(): EntityManager {
    return this.txHost.tx;
  }

  private async run<T extends QueryResultRow>(query: { name?: string; text: string; values: unknown[] }): Promise<T[]> {
    const em = this.txHost.tx;
    const started = Date.now();
    try {
      if (em.queryRunner) {
        const client = (await em.queryRunner.connect()) as PoolClient;
        return (await client.query<T>(query)).rows;
      }
      // The pool TypeORM's PostgreSQL driver holds (not in its typings).
      const pool = (em.dataSource.driver as unknown as { master: { query: PoolClient['query'] } }).master;
      return (await pool.query<T>(query)).rows;
    } finally {
      const ms = Date.now() - started;
      // Never the parameters (phone numbers, tokens), nor the whole text.
      if (ms > SLOW_MS) this.logger.warn(`Slow statement ${query.name ?? query.text.replace(/\s+/g, ' ').slice(0, 80)}: ${ms} ms`);
    }
  }
}
