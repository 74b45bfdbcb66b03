/**
 * The baselines: a bare Node `http` server with a `pg` Pool of the app's size (20) doing the same SQL
 * the app does for one request, and nothing else (no framework, no validation, no auth, no ORM).
 * Run as its own process, as plain JavaScript (compiled by the harness, so that its memory is not
 * ts-node's); its job comes from BENCH_BASELINE (JSON, see BaselineJob). Prints `LISTENING <port>`
 * once it accepts connections.
 *
 * - intake: `POST /api/cases` → the app's one statement (`CasesRepository.insertCase` with a key claim):
 *   the key's advisory lock and what is stored under it, then the case row (the columns the app sets, a
 *   random tracking code), the `idempotency_keys` row (the body's SHA-256), its `case.created` event and
 *   the citizen's SMS receipt, → 201 with the case as JSON.
 * - lookup: `GET /api/public/cases/:trackingCode?verify=` → the case by tracking code, checked against
 *   the phone's last four digits, its public events with their actors, the departments named → JSON.
 * - case-by-id: `GET /api/cases/:id` → the case, its whole timeline with actors, its co-handling
 *   departments and pending extension (those two at once, as the app does), the departments named → JSON.
 */
import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

// As src/intake/codes.ts (this file runs as plain JavaScript compiled on its own, importing only pg).
const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export interface BaselineJob {
  mode: 'intake' | 'lookup' | 'case-by-id';
  databaseUrl: string;
  port: number;
  /** The operator on whose behalf intake writes (created_by, the event's actor, the key's scope). */
  operatorId: string;
}

const job = JSON.parse(process.env.BENCH_BASELINE ?? '') as BaselineJob;
// The app's pool: dataSourceOptions() sets max 20.
const pool = new Pool({ connectionString: job.databaseUrl, max: 20, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 });

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const trackingCode = () => Array.from({ length: 10 }, () => TRACKING_CODE_ALPHABET[randomInt(TRACKING_CODE_ALPHABET.length)]).join('');

async function intake(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await readBody(req);
  const input = JSON.parse(text) as {
    channel: string; kind: string; priority?: string; categoryCode: string; regionCode: string; address?: string;
    title: string; content: string; citizen: { name?: string; phone?: string; email?: string; confidential?: boolean };
    publicConsent?: boolean;
  };
  const key = String(req.headers['idempotency-key'] ?? '');
  const now = new Date();
  // The dispatch deadline: one working day, end of day (the app asks its calendar).
  const deadline = new Date(now.getTime() + 86_400_000);
  const scope = `user:${job.operatorId}`;
  const code = trackingCode();
  const queryCode = String(randomInt(1_000_000)).padStart(6, '0');
  const phone = input.citizen.phone ?? null;
  const {
    rows: [c],
  } = await pool.query(
    `WITH l AS (
       SELECT pg_try_advisory_xact_lock(hashtextextended($19, 0)) AS locked,
              (SELECT case_id FROM idempotency_keys WHERE scope = $20 AND key = $21) AS stored),
     c AS (
       INSERT INTO cases (tracking_code, query_code, channel, kind, priority, category_code, region_code, address, title, content,
         citizen_name, citizen_phone, citizen_email, confidential, public_consent, status, owner_department_id,
         suggested_department_id, dispatch_deadline, created_by, created_at, updated_at, stage_started_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'received', NULL, NULL, $16, $17, $18, $18, $18
         FROM l WHERE l.locked AND l.stored IS NULL
       ON CONFLICT (tracking_code) DO NOTHING
       RETURNING *),
     k AS (INSERT INTO idempotency_keys (scope, key, request_hash, case_id) SELECT $20, $21, $22, c.id FROM c),
     e AS (
       INSERT INTO case_events (case_id, type, at, actor_kind, actor_id, from_status, to_status, public)
       SELECT c.id, 'case.created', $18, 'user', $17, NULL, 'received', true FROM c RETURNING seq, case_id),
     n AS (
       INSERT INTO notifications (case_id, event_seq, channel, recipient, template, params, dedupe_key, status, created_at)
       SELECT e.case_id, e.seq, 'sms', $12, 'receipt', jsonb_build_object('code', $1::text, 'query', $2::text),
              'evt:' || e.seq || ':' || e.case_id || ':sms', 'held', $18 FROM e WHERE $12::text IS NOT NULL)
     SELECT c.* FROM c`,
    [
      code, queryCode, input.channel, input.kind, input.priority ?? 'normal', input.categoryCode, input.regionCode, input.address ?? null,
      input.title, input.content, input.citizen.name ?? null, phone, input.citizen.email ?? null, input.citizen.confidential ?? false,
      input.publicConsent ?? false, deadline, job.operatorId, now, `${scope}:${key}`, scope, key, createHash('sha256').update(text).digest('hex'),
    ],
  );
  // The bench sends every key once: nothing written means a key in use, a key used or a code taken.
  if (!c) return send(res, 409, { statusCode: 409 });
  send(res, 201, { ...c, queryCode: c.query_code });
}

const TIMELINE = `SELECT e.*, u.display_name AS "actorDisplayName", u.role AS "actorRole"
                    FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
                   WHERE e.case_id = $1`;

async function departments(ids: (string | null)[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return [];
  return (await pool.query('SELECT * FROM departments WHERE id = ANY($1)', [unique])).rows;
}

async function lookup(res: ServerResponse, code: string, verify: string): Promise<void> {
  const {
    rows: [c],
  } = await pool.query('SELECT * FROM cases WHERE tracking_code = $1 LIMIT 1', [code]);
  if (!c || verify.length !== 4 || c.citizen_phone?.slice(-4) !== verify) return send(res, 404, { statusCode: 404 });
  const timeline = (await pool.query(`${TIMELINE} AND e.public = true ORDER BY e.seq`, [c.id])).rows;
  const names = await departments([c.owner_department_id, ...timeline.map((e) => e.to_owner_department_id)]);
  send(res, 200, { trackingCode: c.tracking_code, status: c.status, kind: c.kind, title: c.title, createdAt: c.created_at, deadline: c.current_deadline, owner: names[0] ?? null, timeline });
}

async function caseById(res: ServerResponse, id: string): Promise<void> {
  const {
    rows: [c],
  } = await pool.query('SELECT * FROM cases WHERE id = $1', [id]);
  if (!c) return send(res, 404, { statusCode: 404 });
  const timeline = (await pool.query(`${TIMELINE} ORDER BY e.seq`, [c.id])).rows;
  const [co, extensions] = await Promise.all([
    pool.query('SELECT * FROM case_co_departments WHERE case_id = ANY($1) ORDER BY added_at', [[c.id]]),
    pool.query(`SELECT * FROM case_extensions WHERE case_id = ANY($1) AND status = 'pending'`, [[c.id]]),
  ]);
  const names = await departments([
    c.owner_department_id, c.suggested_department_id, ...co.rows.map((r) => r.department_id),
    ...timeline.flatMap((e) => [e.from_owner_department_id, e.to_owner_department_id]),
  ]);
  send(res, 200, { ...c, coDepartments: co.rows, pendingExtension: extensions.rows[0] ?? null, departments: names, timeline });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let work: Promise<void>;
  if (job.mode === 'intake' && req.method === 'POST' && url.pathname === '/api/cases') work = intake(req, res);
  else if (job.mode === 'lookup' && url.pathname.startsWith('/api/public/cases/')) {
    work = lookup(res, decodeURIComponent(url.pathname.slice('/api/public/cases/'.length)), url.searchParams.get('verify') ?? '');
  } else if (job.mode === 'case-by-id' && url.pathname.startsWith('/api/cases/')) {
    work = caseById(res, url.pathname.slice('/api/cases/'.length));
  } else work = Promise.resolve(send(res, 404, { statusCode: 404 }));
  work.catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { statusCode: 500 });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(job.port, '127.0.0.1', () => process.stdout.write(`LISTENING ${job.port}\n`));

const shutdown = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
