import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { CasesService } from '../cases/cases.service';
import { DomainError } from '../common/domain-error';
import { normalizeTrackingCode } from '../intake/codes';
import type { PublicCaseDto } from './dto/public.dto';

/** How the citizen sees the 12345 centre as the holder of their case. */
export const CENTRE_NAME = '12345政务服务便民热线';

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Whether `verify` is the last four digits of the case's phone or its six-digit query code. */
export function verifies(c: Pick<Case, 'citizenPhone' | 'queryCode'>, verify: string): boolean {
  if (verify.length === 6) return sameText(c.queryCode, verify);
  return verify.length === 4 && c.citizenPhone !== null && sameText(c.citizenPhone.slice(-4), verify);
}

/** The citizen's side: only their own case, only its public events, only with a verification. */
@Injectable()
export class PublicService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly casesService: CasesService,
  ) {}

  /** A wrong code and a wrong verification get the same 404, so lookups reveal nothing. */
  async lookup(trackingCode: string, verify: string): Promise<PublicCaseDto> {
    const found = await this.cases.findByTrackingCode(normalizeTrackingCode(trackingCode));
    if (!found || !verifies(found, verify)) throw DomainError.notFound();
    const timeline = await this.cases.timeline(found.id, { publicOnly: true });
    const departments = await this.casesService.departmentsById([
      found.ownerDepartmentId,
      ...timeline.map((e) => e.toOwnerDepartmentId),
    ]);
    const ownerName = (id: string | null) => (id === null ? CENTRE_NAME : (departments.get(id)?.name ?? CENTRE_NAME));
    return {
      trackingCode: found.trackingCode,
      status: found.status,
      kind: found.kind,
      title: found.title,
      createdAt: found.createdAt.toISOString(),
      owner: { name: ownerName(found.ownerDepartmentId) },
      deadline: found.currentDeadline?.toISOString() ?? null,
      timeline: timeline.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        status: e.toStatus,
        ownerName: ownerName(e.toOwnerDepartmentId),
        note: e.note,
      })),
    };
  }
}
