import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';
import { CredentialsRepository } from './credentials.repository';
import { decoyPasswordHash, verifyPassword } from './password-hasher';

/** A verified access token: who it belongs to and when it stops working. */
export interface TokenHolder {
  user: AuthUser;
  expiresAt: Date;
}

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
  user: AuthUser;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const now = this.clock.now();
    const user = await this.credentials.byUsername(username.trim().toLowerCase());
    if (!user) {
      await verifyPassword(await decoyPasswordHash(), password);
      throw DomainError.unauthenticated('Wrong username or password');
    }
    if (user.loginBlockedUntil && user.loginBlockedUntil > now) {
      const retryAfter = Math.ceil((user.loginBlockedUntil.getTime() - now.getTime()) / 1000);
      throw new DomainError(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCode.LOGIN_BLOCKED,
        `Too many failed logins for this account; try again in ${retryAfter} seconds`,
        { 'Retry-After': String(retryAfter) },
      );
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.credentials.recordFailedLogin(user.id, now);
      throw DomainError.unauthenticated('Wrong username or password');
    }
    if (!user.active) throw DomainError.unauthenticated('This account is deactivated');
    if (user.failedLoginCount > 0 || user.loginBlockedUntil !== null) await this.credentials.clearFailedLogins(user.id);

    const expiresAt = new Date(now.getTime() + this.config.tokenTtlSeconds * 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      { expiresIn: this.config.tokenTtlSeconds, algorithm: 'HS256' },
    );
    const { id, username: name, displayName, role, departmentId } = user;
    return { accessToken, expiresAt: expiresAt.toISOString(), user: { id, username: name, displayName, role, departmentId } };
  }

  /**
   * Checks an access token the way the HTTP guard does — same key, same algorithm, not expired — and
   * reloads the user, so a deactivated account is refused. For callers outside passport (the live
   * socket handshake). Null for any bad token.
   */
  async verifyAccessToken(token: string): Promise<TokenHolder | null> {
    let payload: { sub?: unknown; exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    const holder = await this.credentials.activeTokenHolder(payload.sub);
    if (!holder) return null;
    return { user: holder.user, expiresAt: new Date(payload.exp * 1000) };
  }
}
