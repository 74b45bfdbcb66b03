import { HttpStatus, Injectable } from '@nestjs/common';
import { seesAllCases } from '../auth/auth-user';
import { AuthService } from '../auth/auth.service';
import { CitizenAccess } from '../cases/citizen-access.service';
import { DomainError } from '../common/domain-error';
import type { LivePrincipal } from './live-scope';

/** Why a handshake was refused; the message is what the client's `connect_error` carries. */
export class LiveAuthError extends Error {}

const refused = () => new LiveAuthError('unauthorized');

/**
 * Who may open a live socket: staff with a valid access token (the HTTP API's rules: same key, not
 * expired, account still active, access unchanged since), or a citizen with a tracking code and its
 * verification (the status page's rules and failure counts: CitizenAccess).
 */
@Injectable()
export class LiveAuthService {
  constructor(
    private readonly auth: AuthService,
    private readonly citizens: CitizenAccess,
  ) {}

  async authenticate(credentials: Record<string, unknown> | undefined, clientAddress: string): Promise<LivePrincipal> {
    const { token, trackingCode, verify } = credentials ?? {};
    if (typeof token === 'string') {
      const holder = await this.auth.verifyAccessToken(token);
      if (!holder || (!seesAllCases(holder.user) && !holder.user.departmentId)) throw refused();
      return { kind: 'staff', user: holder.user, expiresAt: holder.expiresAt, tokenVersion: holder.tokenVersion };
    }
    if (typeof trackingCode === 'string' && typeof verify === 'string' && /^(\d{4}|\d{6})$/.test(verify)) {
      try {
        const found = await this.citizens.open(trackingCode, verify, clientAddress);
        return { kind: 'citizen', caseId: found.id };
      } catch (error) {
        if (error instanceof DomainError && error.status === HttpStatus.TOO_MANY_REQUESTS) throw new LiveAuthError('too many attempts');
        if (error instanceof DomainError) throw refused();
        throw error;
      }
    }
    throw refused();
  }
}
