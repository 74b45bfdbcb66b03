import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { seesAllCases } from '../auth/auth-user';
import { AuthService } from '../auth/auth.service';
import { CasesRepository } from '../cases/cases.repository';
import { trackingCodeLimitKey } from '../common/rate-limit';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { normalizeTrackingCode } from '../intake/codes';
import { verifies } from '../cases/citizen-privacy';
import type { LivePrincipal } from './live-scope';

const HOUR_MS = 3_600_000;

/** Why a handshake was refused; the message is what the client's `connect_error` carries. */
export class LiveAuthError extends Error {}

const refused = () => new LiveAuthError('unauthorized');

/**
 * Who may open a live socket: staff with a valid access token (the HTTP API's rules: same key, not
 * expired, account still active), or a citizen with a tracking code and its verification (the status
 * page's rules, sharing its per-tracking-code limit so guessing the verification has one budget).
 */
@Injectable()
export class LiveAuthService {
  constructor(
    private readonly auth: AuthService,
    private readonly cases: CasesRepository,
    @Inject(ThrottlerStorage) private readonly limits: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async authenticate(credentials: Record<string, unknown> | undefined): Promise<LivePrincipal> {
    const { token, trackingCode, verify } = credentials ?? {};
    if (typeof token === 'string') {
      const holder = await this.auth.verifyAccessToken(token);
      if (!holder || (!seesAllCases(holder.user) && !holder.user.departmentId)) throw refused();
      return { kind: 'staff', user: holder.user, expiresAt: holder.expiresAt };
    }
    if (typeof trackingCode === 'string' && typeof verify === 'string') {
      const code = normalizeTrackingCode(trackingCode);
      if (code.length === 0 || code.length > 64) throw refused();
      const limit = this.config.lookupsPerTrackingCodePerHour;
      const { isBlocked } = await this.limits.increment(trackingCodeLimitKey(code), HOUR_MS, limit, HOUR_MS, 'trackingCode');
      if (isBlocked) throw new LiveAuthError('too many attempts');
      const found = await this.cases.findForCitizen({ trackingCode: code });
      if (!found || !verifies(found, verify)) throw refused();
      return { kind: 'citizen', caseId: found.id };
    }
    throw refused();
  }
}
