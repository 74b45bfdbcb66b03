import { Injectable } from '@nestjs/common';
import type { Case } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { verifies } from '../cases/citizen-privacy';
import { DomainError } from '../common/domain-error';
import { ReferenceData } from '../database/reference-data';
import { normalizeTrackingCode } from '../intake/codes';
import type { RatingDto } from '../reply/dto/reply.dto';
import { ReplyService } from '../reply/reply.service';
import type { PublicCaseDto } from './dto/public.dto';

type CitizensCase = Case & { ownerName: string | null };

/** Merges may chain (a master merged later itself); follow at most this many. */
const MAX_MERGE_HOPS = 5;

/** How the citizen sees the 12345 centre as the holder of their case. */
export const CENTRE_NAME = '12345政务服务便民热线';


/** The citizen's side: only their own case, only its public events, only with a verification. */
@Injectable()
export class PublicService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly replies: ReplyService,
    private readonly referenceData: ReferenceData,
  ) {}

  /** The citizen's own case, verified; a wrong code and a wrong verification get the same 404. */
  async verifiedCase(trackingCode: string, verify: string): Promise<CitizensCase> {
    const found = await this.cases.findForCitizen({ trackingCode: normalizeTrackingCode(trackingCode) });
    if (!found || !verifies(found, verify)) throw DomainError.notFound();
    return found;
  }

  /** Lookups reveal nothing without the verification. A merged case shows its master's progress and answer. */
  async lookup(trackingCode: string, verify: string): Promise<PublicCaseDto> {
    const own = await this.verifiedCase(trackingCode, verify);
    return this.view(own);
  }

  /** The citizen's online rating of a replied case: it counts as the callback. */
  async rate(trackingCode: string, dto: RatingDto): Promise<PublicCaseDto> {
    // A reopen sets a new reply deadline from the SLA policy and calendar: no staff request reported their version.
    await this.referenceData.refresh();
    const own = await this.verifiedCase(trackingCode, dto.verify);
    const rated = await this.replies.rate(own, {
      satisfaction: dto.satisfaction,
      resolved: dto.resolved ?? dto.satisfaction !== 'unsatisfied',
      note: dto.comment ?? null,
    });
    // A rating closes or reopens the case; it never changes its owner.
    return this.view(Object.assign(rated, { ownerName: own.ownerName }));
  }

  private async view(own: CitizensCase): Promise<PublicCaseDto> {
    let found = own;
    for (let hops = 0; found.mergedIntoId && hops < MAX_MERGE_HOPS; hops++) {
      found = (await this.cases.findForCitizen({ id: found.mergedIntoId }))!;
    }
    const timeline = await this.cases.timeline(found.id, { publicOnly: true });
    const owner = found.ownerName ?? CENTRE_NAME;
    return {
      trackingCode: own.trackingCode,
      ...(found.id !== own.id ? { mergedInto: { status: found.status, createdAt: found.createdAt.toISOString() } } : {}),
      status: found.status,
      kind: own.kind,
      title: own.title,
      createdAt: own.createdAt.toISOString(),
      owner: { name: owner },
      deadline: found.currentDeadline?.toISOString() ?? null,
      timeline: timeline.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        status: e.toStatus,
        ownerName: e.toOwnerName ?? CENTRE_NAME,
        note: e.note,
      })),
      ...(found.replyContent && found.repliedAt
        ? {
            reply: {
              content: found.replyContent,
              resolution: found.resolution!,
              repliedAt: found.repliedAt.toISOString(),
              department: owner,
            },
          }
        : {}),
    };
  }
}
