import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

const lists = new Map<string, string>();

/**
 * `alias.column AS "property", …` for every column of an entity, from its TypeORM metadata: hand-written
 * SQL on a hot path (a RETURNING clause, a join the query builder would make slow) reads whole entities
 * with it, and `Object.assign(new Entity(), row)` gives the same object the query builder would.
 * Valid for columns without transformers whose pg type parses as TypeORM's would (text, uuid, integer,
 * boolean, timestamptz, jsonb, arrays; not `date` or `bigint`).
 */
export function entityColumns(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>, alias?: string): string {
  const metadata = (db instanceof DataSource ? db : db.dataSource).getMetadata(target);
  const key = `${metadata.tableName}:${alias ?? ''}`;
  let list = lists.get(key);
  if (!list) {
    const prefix = alias ? `${alias}.` : '';
    list = metadata.columns.map((c) => `${prefix}"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    lists.set(key, list);
  }
  return list;
}
