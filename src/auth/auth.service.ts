import { HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { toAuthUser, UsersService } from '../users/users.service';
import type { AuthUser } from './auth-user';
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
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const now = this.clock.now();
    const user = await this.users.findByUsername(username);
    if (!user) {
      await verifyPassword(await decoyPasswordHash(), password);
      throw new UnauthorizedException('Wrong username or password');
    }
    if (user.loginBlockedUntil && user.loginBlockedUntil > now) {
      const retryAfter = Math.ceil((user.loginBlockedUntil.getTime() - now.getTime()) / 1000);
      throw new DomainError(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_BLOCKED',
        `Too many failed logins for this account; try again in ${retryAfter} seconds`,
        { 'Retry-After': String(retryAfter) },
      );
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.users.recordFailedLogin(user.id, now);
      throw new UnauthorizedException('Wrong username or password');
    }
    if (!user.active) throw new UnauthorizedException('This account is deactivated');
    await this.users.clearFailedLogins(user);

    const expiresAt = new Date(now.getTime() + this.config.tokenTtlSeconds * 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      { expiresIn: this.config.tokenTtlSeconds, algorithm: 'HS256' },
    );
    return { accessToken, expiresAt: expiresAt.toISOString(), user: toAuthUser(user) };
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
    const user = await this.users.findById(payload.sub);
    if (!user || !user.active) return null;
    return { user: toAuthUser(user), expiresAt: new Date(payload.exp * 1000) };
  }
}
