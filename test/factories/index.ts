import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password-hasher';
import type { Department } from '../../src/departments/department.entity';
import type { Role } from '../../src/auth/roles';
import type { User } from '../../src/users/user.entity';
import type { TestApp } from '../setup/test-app';

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

export async function createDepartment(
  ds: DataSource,
  overrides: Partial<Pick<Department, 'code' | 'name' | 'parentId'>> = {},
): Promise<Department> {
  const code = overrides.code ?? unique('t');
  const [row] = await ds.query(
    `INSERT INTO departments (code, name, parent_id) VALUES ($1, $2, $3) RETURNING id, code, name, parent_id AS "parentId"`,
    [code, overrides.name ?? `测试单位 ${code}`, overrides.parentId ?? null],
  );
  return row as Department;
}

export async function createUser(
  ds: DataSource,
  role: Role,
  overrides: { departmentId?: string | null; username?: string; active?: boolean } = {},
): Promise<Pick<User, 'id' | 'username' | 'role' | 'departmentId'>> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = overrides.username ?? unique(`${role.replace('_', '')}.`);
  const [row] = await ds.query(
    `INSERT INTO users (username, display_name, password_hash, role, department_id, active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, username, role, department_id AS "departmentId"`,
    [username, `测试 ${username}`, await passwordHash, role, overrides.departmentId ?? null, overrides.active ?? true],
  );
  return row;
}

export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A new staff member with that role (and a department for department roles), signed in. */
export async function staff(t: TestApp, role: Role, departmentId?: string): Promise<{ id: string; token: string; departmentId: string | null }> {
  const user = await createUser(t.dataSource, role, { departmentId: departmentId ?? null });
  return { id: user.id, token: await login(t, user.username), departmentId: user.departmentId };
}

/** A valid body for POST /api/cases; override any part. */
export function caseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'hotline',
    kind: 'complaint',
    priority: 'normal',
    categoryCode: 'water.supply',
    regionCode: '441802',
    address: '清城区凤城街道某小区',
    title: unique('停水三天无人处理 '),
    content: '小区已停水三天，物业称是管网维修，但一直没有通知恢复时间。',
    citizen: { name: '李女士', phone: '13912345678' },
    ...overrides,
  };
}

/** Dispatches a case to a department through the API, as the centre would. */
export async function dispatchTo(t: TestApp, operatorToken: string, caseId: string, departmentId: string): Promise<void> {
  const res = await t
    .http()
    .post(`/api/cases/${caseId}/dispatch`)
    .set('Authorization', `Bearer ${operatorToken}`)
    .send({ departmentId });
  if (res.status !== 200) throw new Error(`dispatch → ${res.status} ${JSON.stringify(res.body)}`);
}

/** Requests as one signed-in staff member. */
export function asUser(t: TestApp, token: string) {
  const auth = `Bearer ${token}`;
  return {
    get: (path: string, query: object = {}) => t.http().get(path).query(query).set('Authorization', auth),
    post: (path: string, body: object = {}) => t.http().post(path).set('Authorization', auth).send(body),
    put: (path: string, body: object = {}) => t.http().put(path).set('Authorization', auth).send(body),
    patch: (path: string, body: object = {}) => t.http().patch(path).set('Authorization', auth).send(body),
    del: (path: string) => t.http().delete(path).set('Authorization', auth),
  };
}
