import fc from 'fast-check';
import { caseBody, createDepartment, dispatchTo, login, staff } from './factories';
import { startApp, type TestApp } from './setup/test-app';
import { createSiblingDatabase, type TestDatabase } from './setup/test-database';

/**
 * Every operation the OpenAPI document lists — admin, stats, calendar, supervision, public, every
 * query string — fuzzed with values generated from its own schema plus the inputs that broke servers
 * before (NUL characters, lengths PostgreSQL counts differently, forged cursors, impossible dates, huge
 * numbers), as every role and as nobody: never a 500, never another department's case. A route added
 * to the API is fuzzed here without anyone adding it. On a database of its own: generated admin changes
 * (an SLA policy, a holiday) must not reach the other specs.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  example?: unknown;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

describe('fuzzing every operation of the OpenAPI document', () => {
  let database: TestDatabase;
  let t: TestApp;
  let document: Document;
  const tokens: Record<string, string | null> = { nobody: null };
  let ours: { id: string; trackingCode: string };
  const departmentIds = { ours: '', theirs: '' };
  let theirs: { id: string; trackingCode: string };

  beforeAll(async () => {
    database = await createSiblingDatabase();
    t = await startApp({}, undefined, undefined, { databaseUrl: database.url });
    document = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const [role, username] of [['operator', 'op1'], ['supervisor', 'sup1'], ['admin', 'admin']]) tokens[role] = await login(t, username, 'demo12345');
    const ourDepartment = await createDepartment(t.dataSource);
    const theirDepartment = await createDepartment(t.dataSource);
    Object.assign(departmentIds, { ours: ourDepartment.id, theirs: theirDepartment.id });
    tokens.insider = (await staff(t, 'dept_lead', ourDepartment.id)).token;
    tokens.insiderHandler = (await staff(t, 'handler', ourDepartment.id)).token;
    for (const [department, set] of [
      [ourDepartment.id, (c: typeof ours) => (ours = c)],
      [theirDepartment.id, (c: typeof ours) => (theirs = c)],
    ] as const) {
      const created = await t.http().post('/api/cases').set('Authorization', `Bearer ${tokens.operator}`).send(caseBody()).expect(201);
      await dispatchTo(t, tokens.operator!, created.body.id, department);
      set(created.body);
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const cursorAt = (iso: string) => Buffer.from(JSON.stringify([iso, '00000000-0000-4000-8000-000000000000'])).toString('base64url');
  /** Strings that broke servers before, and a few that look right. */
  const hostileString = fc.oneof(
    fc.string({ maxLength: 24 }),
    fc.constantFrom(
      '\u0000', 'a\u0000b', '停'.repeat(200) + '\uFE0F', '😀'.repeat(201), ' ', '', "' OR 1=1 --", '../../etc/passwd', '%00',
      '0000-01-01', '2026-02-30', '-010000-01-01T00:00:00.000Z', '2031-01-05', '13812345678', '5678', '123456',
      cursorAt('-010000-01-01T00:00:00.000Z'), cursorAt('2026-11-29T00:00:00.000Z'), 'x'.repeat(10_001),
    ),
  );
  const hostileNumber = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, 1e308, 0.5, -0.0));

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
    return schema;
  };

  /**
   * A value the schema accepts, as far as the document can say: the example, an enum value, a real id, a
   * plausible text (names hint: a phone, a date, a verification).
   */
  function plausible(raw: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    if (schema.example !== undefined) return fc.constant(schema.example);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return fc.constantFrom(ours.id, departmentIds.ours, departmentIds.theirs);
        if (schema.format === 'date-time') return fc.constant(new Date().toISOString());
        if (/phone/i.test(name)) return fc.constant('13912345678');
        if (/^(from|to|date)$/.test(name)) return fc.constantFrom('2030-01-07', '2030-01-31');
        if (name === 'verify') return fc.constantFrom('123456', '5678');
        if (/email/i.test(name)) return fc.constant('li@example.com');
        return fc.constantFrom('测试内容', '小区停水三天', 'water.supply', '441802');
      case 'integer':
      case 'number': {
        // Small numbers within the schema's range (a minimum above 5, such as a policy's window in
        // minutes, makes the range start there).
        const min = Math.max(schema.minimum ?? 1, 1);
        return fc.integer({ min, max: Math.max(min, Math.min(schema.maximum ?? 5, 5)) });
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(plausible(schema.items ?? {}, name, depth + 1), { maxLength: 2 });
      default:
        if (!schema.properties || depth > 3) return fc.constant({});
        return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, plausible(property, key, depth + 1)])));
    }
  }

  /**
   * Most often a value the schema accepts with one field (at any depth) made hostile — the case that
   * reaches the database — and otherwise anything shaped by the schema.
   */
  function bodyOf(raw: Schema): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    if (!schema.properties) return valueOf(schema);
    const keys = Object.keys(schema.properties);
    const oneHostile = fc
      .tuple(plausible(schema) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...keys), valueOf(schema.properties[keys[0]]), hostileString)
      .map(([valid, key, , hostile]) => ({ ...valid, [key]: hostile }));
    return fc.oneof({ weight: 3, arbitrary: oneHostile }, { weight: 1, arbitrary: plausible(schema) }, { weight: 2, arbitrary: valueOf(schema) });
  }

  /** Values shaped by the schema most of the time, anything else some of the time. */
  function valueOf(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    const anything = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
    const shaped = (() => {
      if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valueOf(s, depth + 1)));
      if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostileString);
      switch (schema.type) {
        case 'string':
          return schema.format === 'uuid'
            ? fc.oneof(fc.uuid(), fc.constantFrom(ours.id, theirs.id), hostileString)
            : schema.format === 'date-time'
              ? fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString)
              : hostileString;
        case 'integer':
        case 'number':
          return fc.oneof(fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 100, 100) }), hostileNumber);
        case 'boolean':
          return fc.oneof(fc.boolean(), fc.constantFrom('true', 1));
        case 'array':
          return depth > 3 ? fc.constant([]) : fc.array(valueOf(schema.items ?? {}, depth + 1), { maxLength: 3 });
        case 'object':
        default:
          if (!schema.properties || depth > 3) return fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 3 });
          return fc.record(
            { ...Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, valueOf(property, depth + 1)])) },
            { requiredKeys: [] },
          );
      }
    })();
    return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anything }, ...(schema.nullable ? [fc.constant(null)] : []));
  }

  const pathValue = (name: string) =>
    ({
      id: fc.oneof(fc.constantFrom(ours.id, theirs.id), fc.uuid(), hostileString),
      trackingCode: fc.oneof(fc.constantFrom(ours.trackingCode, theirs.trackingCode), hostileString),
      date: fc.oneof(fc.constantFrom('2030-01-07', '0000-01-01', '2026-02-30', '9999-12-31'), hostileString),
      year: fc.oneof(fc.constantFrom('2026', '0000', '99999'), hostileString),
    })[name] ?? hostileString;

  it('answers every operation, as every role, without a 500 or another department’s case', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const { path, method, operation } of operations) {
      const parameters = operation.parameters ?? [];
      const pathParameters = parameters.filter((p) => p.in === 'path');
      const queryParameters = parameters.filter((p) => p.in === 'query');
      // JSON bodies only. Multipart bodies (POST /api/cases/{id}/attachments; the letters' multipart form)
      // are sent here without a file, which must be a 4xx too; their files — random bytes, truncated and
      // disguised images — are fuzzed in test/attachments.e2e-spec.ts, where real uploads can be built.
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        path: fc.record(Object.fromEntries(pathParameters.map((p) => [p.name, pathValue(p.name)]))),
        query: fc.record(Object.fromEntries(queryParameters.map((p) => [p.name, valueOf(p.schema ?? {})])), { requiredKeys: [] }),
        body: bodySchema ? bodyOf(bodySchema) : fc.constant(undefined),
        role: fc.constantFrom(...Object.keys(tokens)),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path: params, query, body, role }) => {
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
          let call = t.http()[method as 'get'](url).query(query as Record<string, string>);
          if (tokens[role]) call = call.set('Authorization', `Bearer ${tokens[role]}`);
          const res = body === undefined ? await call : await call.set('Content-Type', 'application/json').send(JSON.stringify(body));
          const where = `${method.toUpperCase()} ${url} as ${role} ${JSON.stringify({ query, body }).slice(0, 300)}`;
          if (res.status >= 500) failures.push(`${where} → ${res.status} ${JSON.stringify(res.body)}`);
          if ((role === 'insider' || role === 'insiderHandler') && JSON.stringify(res.body ?? '').includes(theirs.id) && !url.includes(theirs.id)) {
            failures.push(`${where} showed another department's case`);
          }
          if ((role === 'insider' || role === 'insiderHandler') && url.includes(theirs.id) && res.status < 300) {
            failures.push(`${where} answered ${res.status} on another department's case`);
          }
        }),
        { numRuns: 24, seed: Number(process.env.FUZZ_SEED) || undefined },
      );
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
