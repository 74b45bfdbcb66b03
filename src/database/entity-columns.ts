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
  const metadata = metadataOf(db, target);
  const key = `${metadata.tableName}:${alias ?? ''}`;
  let list = lists.get(key);
  if (!list) {
    const prefix = alias ? `${alias}.` : '';
    list = metadata.columns.map((c) => `${prefix}"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    lists.set(key, list);
  }
  return list;
}

/**
 * The column names, `$n` placeholders (numbered from `offset + 1`) and parameters of a hand-written
 * INSERT of `values` (entity properties; undefined ones are left to the column's default).
 */
export function insertColumns(
  db: DataSource | EntityManager,
  target: EntityTarget<ObjectLiteral>,
  values: object,
  offset = 0,
): { names: string; placeholders: string; values: unknown[] } {
  const given = givenColumns(db, target, values);
  return {
    names: given.map(([column]) => column).join(', '),
    placeholders: given.map((_, i) => `$${offset + i + 1}`).join(', '),
    values: given.map(([, value]) => value),
  };
}

/** `"column" = $n, …` (numbered from `offset + 1`) and the parameters of a hand-written UPDATE of `changes`. */
export function updateColumns(
  db: DataSource | EntityManager,
  target: EntityTarget<ObjectLiteral>,
  changes: object,
  offset = 0,
): { assignments: string; values: unknown[] } {
  const given = givenColumns(db, target, changes);
  return {
    assignments: given.map(([column], i) => `${column} = $${offset + i + 1}`).join(', '),
    values: given.map(([, value]) => value),
  };
}

/** The quoted column of each defined property of `values`, with its value. */
function givenColumns(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>, values: object): [string, unknown][] {
  const metadata = metadataOf(db, target);
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
      return [`"${column.databaseName}"`, value];
    });
}

function metadataOf(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>) {
  return (db instanceof DataSource ? db : db.dataSource).getMetadata(target);
}
