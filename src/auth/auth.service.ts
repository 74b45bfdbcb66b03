import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';
import { FailureCounters, type FailureLimit } from '../database/failure-counters.repository';
import { CredentialsRepository } from './credentials.repository';
import { decoyPasswordHash, verifyPassword } from './password-hasher';

/** A verified access token: who it belongs to and when it stops working. */
export interface TokenHolder {
  user: AuthUser;
  expiresAt: Date;
  /** The user's token version the token was signed with. */
  tokenVersion: number;
}

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
  user: AuthUser;
}

/** Failed logins from one address for one account before it is refused there for a while. */
export const MAX_FAILED_LOGINS = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
const BLOCK_MS = 15 * 60_000;
const WRONG_CREDENTIALS = 'Wrong username or password';

const loginFailures = (username: string, clientAddress: string): FailureLimit => ({
  key: `login-failures:${username}@${clientAddress}`,
  windowMs: FAILURE_WINDOW_MS,
  limit: MAX_FAILED_LOGINS,
  blockMs: BLOCK_MS,
});

const tooManyFailures = (seconds: number) =>
  new DomainError(
    HttpStatus.TOO_MANY_REQUESTS,
    ErrorCode.LOGIN_BLOCKED,
    `Too many failed logins for this account from your address; try again in ${seconds} seconds`,
    { 'Retry-After': String(seconds) },
  );

@Injectable()
export class AuthService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly failures: FailureCounters,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signs a staff member in. Unknown user, wrong password and deactivated account get the same 401
   * (no one learns which usernames exist). Failures are counted per account and client address: after
   * MAX_FAILED_LOGINS from one address the account is refused there (429 with Retry-After) for a while,
   * never elsewhere — guesses from one address cannot lock anyone out.
   */
  async login(username: string, password: string, clientAddress: string): Promise<LoginResult> {
    const name = username.trim().toLowerCase();
    const failures = loginFailures(name, clientAddress);
    const wait = await this.failures.retryAfter([failures.key]);
    if (wait > 0) throw tooManyFailures(wait);
    const user = await this.credentials.byUsername(name);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !passwordOk || !user.active) {
      await this.failures.fail([failures]);
      throw DomainError.unauthenticated(WRONG_CREDENTIALS);
    }
    await this.failures.clear(failures.key);

    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.tokenTtlSeconds * 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, ver: user.tokenVersion },
      { expiresIn: this.config.tokenTtlSeconds, algorithm: 'HS256' },
    );
    const { id, username: signedIn, displayName, role, departmentId } = user;
    return { accessToken, expiresAt: expiresAt.toISOString(), user: { id, username: signedIn, displayName, role, departmentId } };
  }

  /**
   * Checks an access token the way the HTTP guard does — same key, same algorithm, not expired — and
   * reloads the user, so a deactivated account is refused. For callers outside passport (the live
   * socket handshake). Null for any bad token.
   */
  async verifyAccessToken(token: string): Promise<TokenHolder | null> {
    let payload: { sub?: unknown; exp?: unknown; ver?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.ver !== 'number') return null;
    const holder = await this.credentials.activeTokenHolder(payload.sub, payload.ver);
    if (!holder) return null;
    return { user: holder.user, expiresAt: new Date(payload.exp * 1000), tokenVersion: payload.ver };
  }
}
