import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';
import { entityColumns, insertColumns, updateColumns } from '../database/entity-columns';
import { User } from './user.entity';

/** Staff accounts, as the administrator and the departments read and change them. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Db) {}

  async all(): Promise<User[]> {
    return this.db.query<User>(`SELECT ${this.columns()} FROM users ORDER BY username`);
  }

  async byId(id: string): Promise<User | null> {
    return this.db.one<User>(`SELECT ${this.columns()} FROM users WHERE id = $1`, [id]);
  }

  /** A department's own active staff (its handlers and dept_lead), for assignment and the console. */
  activeStaff(departmentId: string): Promise<User[]> {
    return this.db.query<User>(
      `SELECT ${this.columns()} FROM users WHERE department_id = $1 AND active ORDER BY role, username`,
      [departmentId],
    );
  }

  /** Inserts an account; null when the username is taken. */
  async insert(values: Pick<User, 'username' | 'displayName' | 'passwordHash' | 'role' | 'departmentId'>): Promise<User | null> {
    const row = insertColumns(this.db.manager, User, values);
    return this.db.one<User>(
      `INSERT INTO users (${row.names}) VALUES (${row.placeholders}) ON CONFLICT (username) DO NOTHING RETURNING ${this.columns()}`,
      row.values,
    );
  }

  async update(id: string, changes: Partial<User>): Promise<User | null> {
    const set = updateColumns(this.db.manager, User, { ...changes, updatedAt: new Date() }, 1);
    return this.db.one<User>(`UPDATE users SET ${set.assignments} WHERE id = $1 RETURNING ${this.columns()}`, [id, ...set.values]);
  }

  /** Active admins other than `exceptId`, their rows locked until the transaction ends (two admins demoting each other wait in turn). */
  async otherActiveAdmins(exceptId: string): Promise<number> {
    const rows = await this.db.query(`SELECT id FROM users WHERE role = 'admin' AND active AND id <> $1 FOR UPDATE`, [exceptId]);
    return rows.length;
  }

  private columns(): string {
    return entityColumns(this.db.manager, User);
  }
}
