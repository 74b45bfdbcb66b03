import { entities } from '../src/entities';
import { startApp, type TestApp } from './setup/test-app';

/**
 * The schema's truth is the migrations (`migrations/`); the entities only describe rows for the
 * repositories. This holds them to each other: every column an entity maps exists in the migrated
 * database with the same type and nullability, so an entity cannot drift from the schema unnoticed.
 */
describe('entities and the migrated schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  // TypeORM's column types as PostgreSQL's information_schema names them.
  const PG_TYPES: Record<string, string> = {
    text: 'text',
    uuid: 'uuid',
    integer: 'integer',
    int: 'integer',
    bigint: 'bigint',
    boolean: 'boolean',
    timestamptz: 'timestamp with time zone',
    'timestamp with time zone': 'timestamp with time zone',
    date: 'date',
    jsonb: 'jsonb',
  };

  it('maps only columns that exist, with their types and nullability', async () => {
    const rows = await t.dataSource.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }[]>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const inDatabase = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const problems: string[] = [];
    for (const entity of entities) {
      const metadata = t.dataSource.getMetadata(entity);
      for (const column of metadata.columns) {
        const where = `${metadata.tableName}.${column.databaseName}`;
        const actual = inDatabase.get(where);
        if (!actual) {
          problems.push(`${where}: mapped by ${metadata.name}.${column.propertyName}, not in the database`);
          continue;
        }
        const declared = typeof column.type === 'string' ? column.type : column.type.name.toLowerCase();
        const expected = column.isArray ? 'ARRAY' : PG_TYPES[declared === 'string' ? 'text' : declared];
        if (expected && actual.data_type !== expected) problems.push(`${where}: entity says ${declared}${column.isArray ? '[]' : ''}, database ${actual.data_type}`);
        if (column.isNullable !== (actual.is_nullable === 'YES')) {
          problems.push(`${where}: entity says ${column.isNullable ? 'nullable' : 'NOT NULL'}, database ${actual.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
