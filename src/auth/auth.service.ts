import { HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { toAuthUser, UsersService } from '../users/users.service';
import type { AuthUser } from './auth-user';
import { decoyPasswordHash, verifyPassword } from './password-hasher';

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
}
