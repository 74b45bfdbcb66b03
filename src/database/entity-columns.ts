import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

const lists = new Map<string, string>();
const nameLists = new Map<string, string>();

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
 * `"column", …` of every column of an entity, unaliased: for a `RETURNING` whose row `to_json` writes
 * (`entityFromJson`), so that it carries the entity's columns and nothing else the table holds.
 */
export function entityColumnNames(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>): string {
  const metadata = metadataOf(db, target);
  let list = nameLists.get(metadata.tableName);
  if (!list) {
    list = metadata.columns.map((c) => `"${c.databaseName}"`).join(', ');
    nameLists.set(metadata.tableName, list);
  }
  return list;
}

/** A column as `to_json` writes it: its property, and whether it is a timestamp (JSON has it as text). */
interface JsonField {
  column: string;
  property: string;
  timestamp: boolean;
}

/** Column types whose JSON value is what pg's own parser would give (timestamps once made Dates). */
const JSON_FAITHFUL = new Set(['text', 'varchar', 'uuid', 'integer', 'int', 'smallint', 'double precision', 'boolean', 'jsonb', 'json']);
const TIMESTAMP = new Set(['timestamptz', 'timestamp with time zone']);
const jsonFields = new WeakMap<object, JsonField[]>();

/**
 * The entity that `json` stands for: a row written by `to_json` in the SQL, of a `RETURNING` (or a
 * `SELECT`) of `entityColumnNames`. The same object `entityColumns` gives, from one column instead of
 * one per column. pg describes every column of a
 * result and sets up a parser for each on every execution; for a whole case (sixty columns) that was
 * about a tenth of what an intake allocated. Only for entities whose columns JSON carries faithfully —
 * text, uuid, integers, double precision, boolean, json, timestamptz and arrays of the others; not
 * numeric, bigint or date, which pg hands over as strings — else it throws, on first use.
 */
export function entityFromJson<T extends ObjectLiteral>(db: DataSource | EntityManager, target: EntityTarget<T>, json: Record<string, unknown>): T {
  const metadata = metadataOf(db, target);
  let fields = jsonFields.get(metadata);
  if (!fields) {
    fields = metadata.columns.map((c) => {
      const type = String(c.type);
      const timestamp = TIMESTAMP.has(type) && !c.isArray;
      if (!timestamp && !JSON_FAITHFUL.has(type)) throw new Error(`${metadata.tableName}.${c.databaseName} (${type}) does not come back from JSON as pg reads it`);
      return { column: c.databaseName, property: c.propertyName, timestamp };
    });
    jsonFields.set(metadata, fields);
  }
  const entity: Record<string, unknown> = {};
  for (const { column, property, timestamp } of fields) {
    const value = json[column] ?? null;
    entity[property] = timestamp && value !== null ? new Date(value as string) : value;
  }
  return entity as T;
}

/**
 * The column names, `$n` placeholders (numbered from `offset + 1`) and parameters of a hand-written
 * INSERT of `values` (entity properties; undefined ones are left to the column's default). The same
 * properties give the very same `names` string each time (see `shapeOf`).
 */
export function insertColumns(
  db: DataSource | EntityManager,
  target: EntityTarget<ObjectLiteral>,
  values: object,
  offset = 0,
): { names: string; placeholders: string; values: unknown[] } {
  const { shape, given } = shapeOf(db, target, values);
  let placeholders = shape.placeholders.get(offset);
  if (placeholders === undefined) {
    placeholders = shape.columns.map((_, i) => `$${offset + i + 1}`).join(', ');
    shape.placeholders.set(offset, placeholders);
  }
  return { names: shape.names, placeholders, values: given };
}

/** `"column" = $n, …` (numbered from `offset + 1`) and the parameters of a hand-written UPDATE of `changes`. */
export function updateColumns(
  db: DataSource | EntityManager,
  target: EntityTarget<ObjectLiteral>,
  changes: object,
  offset = 0,
): { assignments: string; values: unknown[] } {
  const { shape, given } = shapeOf(db, target, changes);
  let assignments = shape.assignments.get(offset);
  if (assignments === undefined) {
    assignments = shape.columns.map((column, i) => `${column} = $${offset + i + 1}`).join(', ');
    shape.assignments.set(offset, assignments);
  }
  return { assignments, values: given };
}

/** The quoted columns of one set of defined properties, and the SQL fragments made of them. */
interface Shape {
  columns: string[];
  names: string;
  /** By offset. */
  placeholders: Map<number, string>;
  assignments: Map<number, string>;
}

/** Sets of properties a call site writes are few; past this many per entity, shapes are not kept. */
const MAX_SHAPES = 1_000;
const shapes = new WeakMap<object, Map<string, Shape>>();

/**
 * The shape of `values` (which properties are defined) and their values in its order. A hot path
 * writes the same properties on every call: its fragments are built once, and the same strings come
 * back (their hashes cached by V8, so a statement text made of them is cheap to look up).
 */
function shapeOf(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>, values: object): { shape: Shape; given: unknown[] } {
  const metadata = metadataOf(db, target);
  const record = values as Record<string, unknown>;
  const properties = Object.keys(record).filter((property) => record[property] !== undefined);
  let byProperties = shapes.get(metadata);
  if (!byProperties) shapes.set(metadata, (byProperties = new Map()));
  const key = properties.join(',');
  let shape = byProperties.get(key);
  if (!shape) {
    const columns = properties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
      return `"${column.databaseName}"`;
    });
    shape = { columns, names: columns.join(', '), placeholders: new Map(), assignments: new Map() };
    if (byProperties.size < MAX_SHAPES) byProperties.set(key, shape);
  }
  return { shape, given: properties.map((property) => record[property]) };
}

function metadataOf(db: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>) {
  return (db instanceof DataSource ? db : db.dataSource).getMetadata(target);
}
