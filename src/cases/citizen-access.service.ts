import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FailureCounters, type FailureLimit } from '../database/failure-counters.repository';
import type { Case } from './case.entity';
import { CasesRepository } from './cases.repository';
import { verifies } from './citizen-privacy';
import { normalizeTrackingCode } from './codes';

export type CitizensCase = Case & { ownerName: string | null };

const HOUR_MS = 3_600_000;

/**
 * A citizen's way into their own case: the tracking code and a verification — the phone's last four
 * digits or the six-digit query code. The one check for every door (the status page, the rating, the
 * live socket).
 *
 * Only failures count, per tracking code (whoever tries) and per client address (whatever code): past
 * LOOKUP_FAILURES_PER_HOUR on either, a four-digit verification answers 429 without being checked,
 * while the query code is still checked, so guesses by others never lock a citizen out of their own
 * case. A wrong code and a wrong verification are the same 404.
 */
@Injectable()
export class CitizenAccess {
  constructor(
    private readonly cases: CasesRepository,
    private readonly failures: FailureCounters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(trackingCode: string, verify: string, clientAddress: string): Promise<CitizensCase> {
    const code = normalizeTrackingCode(trackingCode);
    const limits = this.limits(code, clientAddress);
    if (verify.length === 4) {
      const wait = await this.failures.retryAfter(limits.map((l) => l.key));
      if (wait > 0) throw tooManyFailures(wait);
    }
    const found = code.length > 0 && code.length <= 64 ? await this.cases.findForCitizen({ trackingCode: code }) : null;
    if (!found || !verifies(found, verify)) {
      await this.failures.fail(limits);
      throw DomainError.notFound();
    }
    return found;
  }

  private limits(code: string, clientAddress: string): FailureLimit[] {
    const per = { windowMs: HOUR_MS, limit: this.config.lookupFailuresPerHour, blockMs: HOUR_MS };
    return [
      { key: `lookup-failures:code:${code}`, ...per },
      { key: `lookup-failures:address:${clientAddress}`, ...per },
    ];
  }
}

const tooManyFailures = (seconds: number) =>
  new DomainError(
    HttpStatus.TOO_MANY_REQUESTS,
    ErrorCode.LOOKUP_BLOCKED,
    `Too many wrong verifications; try again in ${seconds} seconds, or use the six-digit query code`,
    { 'Retry-After': String(seconds) },
  );
