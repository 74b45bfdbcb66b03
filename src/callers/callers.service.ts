import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { toOwnerDto } from '../cases/case.mapper';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { CallersRepository, type CallerFlagRow } from './callers.repository';
import type { CallerFlagDto, CallerHistoryDto, SetCallerFlagDto } from './dto/callers.dto';

const DAY_MS = 86_400_000;
/** The history covers a year, lists at most this many cases. */
export const HISTORY_DAYS = 365;
export const HISTORY_LIMIT = 20;
const RECENT_DAYS = 30;

/**
 * Who is calling (来电人): the number's cases of the last year and its caller flag, for the operator
 * while the phone rings. Centre staff only; a flag never refuses an intake.
 */
@Injectable()
export class CallersService {
  constructor(
    private readonly callers: CallersRepository,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  async history(phone: string): Promise<CallerHistoryDto> {
    const now = this.clock.now();
    const rows = await this.callers.history(phone, new Date(now.getTime() - HISTORY_DAYS * DAY_MS), new Date(now.getTime() - RECENT_DAYS * DAY_MS), HISTORY_LIMIT);
    const departments = await this.cases.departmentsById(rows.map((r) => r.ownerDepartmentId));
    const flag = await this.callers.flagInForce(phone, now);
    return {
      counts: { total: rows[0]?.total ?? 0, open: rows[0]?.open ?? 0, last30Days: rows[0]?.last30Days ?? 0 },
      cases: rows.map((r) => ({
        id: r.id,
        trackingCode: r.trackingCode,
        title: r.title,
        status: r.status,
        categoryCode: r.categoryCode,
        owner: toOwnerDto(r.ownerDepartmentId, departments),
        createdAt: r.createdAt.toISOString(),
      })),
      flag: flag ? toFlagDto(flag) : null,
    };
  }

  async setFlag(user: AuthUser, dto: SetCallerFlagDto): Promise<CallerFlagDto> {
    const now = this.clock.now();
    await this.callers.setFlag({ phone: dto.phone, kind: dto.kind, reason: dto.reason, expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null, setBy: user.id }, now);
    const flag = await this.callers.flagInForce(dto.phone, now);
    // An expiry already past: set, and already out of force.
    return flag ? toFlagDto(flag) : { kind: dto.kind, reason: dto.reason, expiresAt: dto.expiresAt ?? null, setAt: now.toISOString(), setBy: user.displayName };
  }

  async liftFlag(phone: string): Promise<{ lifted: boolean }> {
    if (!(await this.callers.liftFlag(phone))) throw DomainError.notFound('Caller flag');
    return { lifted: true };
  }
}

function toFlagDto(f: CallerFlagRow): CallerFlagDto {
  return { kind: f.kind, reason: f.reason, expiresAt: f.expiresAt?.toISOString() ?? null, setAt: f.setAt.toISOString(), setBy: f.setBy };
}
