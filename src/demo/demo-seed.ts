import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hasher';
import {
  DEMO_CATEGORIES,
  DEMO_CENTRE_USERS,
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_REGIONS,
  DEMO_REPLY_TEMPLATES,
  DEMO_ROUTING_RULES,
} from './demo-data';
import { DEMO_KNOWLEDGE } from './knowledge-data';

/**
 * Seeds the demo city. Idempotent: it only inserts what is missing, so it runs at every start and on
 * a database an admin has since changed without overwriting anything.
 */
export async function seedDemoData(dataSource: DataSource, logger?: LoggerService): Promise<void> {
  await dataSource.transaction(async (em) => {
    // One seeder at a time when several instances start together.
    await em.query('SELECT pg_advisory_xact_lock(1234500002)');
    for (const r of DEMO_REGIONS) {
      await em.query(`INSERT INTO regions (code, name, parent_code) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [
        r.code,
        r.name,
        r.parentCode,
      ]);
    }
    for (const c of DEMO_CATEGORIES) {
      await em.query(`INSERT INTO categories (code, name, parent_code, default_kind) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [
        c.code,
        c.name,
        c.parentCode,
        c.defaultKind ?? null,
      ]);
    }
    for (const d of DEMO_DEPARTMENTS) {
      await em.query(
        `INSERT INTO departments (code, name, parent_id)
         VALUES ($1, $2, (SELECT id FROM departments WHERE code = $3))
         ON CONFLICT (code) DO NOTHING`,
        [d.code, d.name, d.parentCode],
      );
    }
    for (const rule of DEMO_ROUTING_RULES) {
      await em.query(
        `INSERT INTO routing_rules (category_code, region_code, department_id, auto_dispatch)
         SELECT $1, $2, id, true FROM departments WHERE code = $3
         ON CONFLICT ON CONSTRAINT routing_rules_unique_match DO NOTHING`,
        [rule.categoryCode, rule.regionCode, rule.departmentCode],
      );
    }

    // The knowledge base and reply templates: an entry or template is missing when none has its title.
    for (const k of DEMO_KNOWLEDGE) {
      await em.query(
        `INSERT INTO knowledge_entries (title, keywords, body, category_codes, region_code, department_id, source_ref,
                                        effective_from, expires_at, review_due_at, created_at, updated_at)
         SELECT $1, $2, $3, $4, $5, d.id, $7, current_date - $8::int, current_date - $9::int, current_date - $10::int, now(), now()
           FROM departments d
          WHERE d.code = $6 AND NOT EXISTS (SELECT 1 FROM knowledge_entries WHERE title = $1)`,
        [k.title, k.keywords, k.body, k.categoryCodes, k.regionCode, k.departmentCode, k.sourceRef, k.effectiveDaysAgo ?? 400, k.expiredDaysAgo ?? null, k.reviewDueDaysAgo ?? -180],
      );
    }
    for (const t of DEMO_REPLY_TEMPLATES) {
      await em.query(
        `INSERT INTO reply_templates (department_id, title, body, category_codes, created_at, updated_at)
         SELECT (SELECT id FROM departments WHERE code = $1), $2, $3, $4, now(), now()
          WHERE NOT EXISTS (SELECT 1 FROM reply_templates WHERE title = $2)`,
        [t.departmentCode, t.title, t.body, t.categoryCodes],
      );
    }

    const wanted = [
      ...DEMO_CENTRE_USERS.map((u) => ({ ...u, departmentCode: null as string | null })),
      ...DEMO_DEPARTMENTS.flatMap((d) => [
        { username: `h.${d.code}`, displayName: `${d.name}承办人`, role: 'handler', departmentCode: d.code },
        { username: `lead.${d.code}`, displayName: `${d.name}负责人`, role: 'dept_lead', departmentCode: d.code },
      ]),
    ];
    const existing = new Set(
      ((await em.query(`SELECT username FROM users WHERE username = ANY($1)`, [wanted.map((u) => u.username)])) as {
        username: string;
      }[]).map((row) => row.username),
    );
    const missing = wanted.filter((u) => !existing.has(u.username));
    if (missing.length === 0) return;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const u of missing) {
      await em.query(
        `INSERT INTO users (username, display_name, password_hash, role, department_id)
         VALUES ($1, $2, $3, $4, (SELECT id FROM departments WHERE code = $5))
         ON CONFLICT (username) DO NOTHING`,
        [u.username, u.displayName, passwordHash, u.role, u.departmentCode],
      );
    }
    logger?.log(`Seeded demo data: ${missing.length} users (password ${DEMO_PASSWORD})`, 'DemoSeed');
  });
}
