import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { preparedQuery } from '../database/prepared';
import { REFERENCE_VERSION_COLUMN } from '../database/reference-data';
import { type Role, User } from './user.entity';

/** After this many failed logins in a row an account is blocked, for 1, 2, 4 … up to 15 minutes. */
export const MAX_FAILED_LOGINS = 5;
const MAX_BLOCK_MINUTES = 15;

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: username.trim().toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * The holder of an access token, read on every authenticated request: only what a request needs, and
   * the reference data version with it (ReferenceData), in one round trip. Null when unknown or inactive.
   */
  async findActiveTokenHolder(id: string): Promise<{ user: AuthUser; referenceVersion: string } | null> {
    const rows = await preparedQuery<AuthUser & { referenceVersion: string }>(
      this.users.manager,
      `SELECT id, username, display_name AS "displayName", role, department_id AS "departmentId", ${REFERENCE_VERSION_COLUMN}
         FROM users WHERE id = $1 AND active`,
      [id],
    );
    if (rows.length === 0) return null;
    const { referenceVersion, ...user } = rows[0];
    return { user: { ...user, role: user.role as Role }, referenceVersion };
  }

  /** Counts a failed login and blocks the account once failures pile up. One statement, safe under concurrency. */
  async recordFailedLogin(id: string, now: Date): Promise<void> {
    await this.users.query(
      `UPDATE users
          SET failed_login_count = failed_login_count + 1,
              login_blocked_until = CASE
                WHEN failed_login_count + 1 >= $2
                THEN $3::timestamptz + make_interval(mins => least($4, power(2, failed_login_count + 1 - $2)::int))
                ELSE login_blocked_until END
        WHERE id = $1`,
      [id, MAX_FAILED_LOGINS, now, MAX_BLOCK_MINUTES],
    );
  }

  async clearFailedLogins(user: User): Promise<void> {
    if (user.failedLoginCount === 0 && user.loginBlockedUntil === null) return;
    await this.users.update({ id: user.id }, { failedLoginCount: 0, loginBlockedUntil: null });
  }
}

export function toAuthUser(user: User): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
  };
}
