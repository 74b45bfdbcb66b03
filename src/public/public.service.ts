import { Injectable, StreamableFile } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { AttachmentsRepository } from '../cases/attachments.repository';
import { toAttachmentDto } from '../cases/case.mapper';
import { CasesRepository } from '../cases/cases.repository';
import { CitizenAccess, type CitizensCase } from '../cases/citizen-access.service';
import { CENTRE_NAME, citizenLine, citizenOwnerName } from '../cases/citizen-timeline';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ReferenceData } from '../database/reference-data';
import type { RatingDto } from '../reply/dto/reply.dto';
import { ReplyService } from '../reply/reply.service';
import type { PublicCaseDto } from './dto/public.dto';

/** Merges may chain (a master merged later itself); follow at most this many. */
const MAX_MERGE_HOPS = 5;

/** The citizen's side: only their own case, only its public events and texts, only with a verification. */
@Injectable()
export class PublicService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly citizens: CitizenAccess,
    private readonly replies: ReplyService,
    private readonly referenceData: ReferenceData,
    private readonly attachments: AttachmentsService,
    private readonly attachmentRows: AttachmentsRepository,
  ) {}

  /** Lookups reveal nothing without the verification. A merged case shows its master's progress and answer. */
  async lookup(trackingCode: string, verify: string, clientAddress: string): Promise<PublicCaseDto> {
    return this.view(await this.citizens.open(trackingCode, verify, clientAddress));
  }

  /**
   * The citizen's online rating of a replied case: it counts as the callback. Only with the query code,
   * which departments never see (the phone's last four digits show in their masked copy of it).
   */
  async rate(trackingCode: string, dto: RatingDto, clientAddress: string): Promise<PublicCaseDto> {
    if (dto.verify.length !== 6) {
      throw DomainError.forbidden(ErrorCode.QUERY_CODE_REQUIRED, 'Rating the answer needs the six-digit query code given at intake');
    }
    // A reopen sets a new reply deadline from the SLA policy and calendar: no staff request reported their version.
    await this.referenceData.refresh();
    const own = await this.citizens.open(trackingCode, dto.verify, clientAddress);
    const rated = await this.replies.rate(own, {
      satisfaction: dto.satisfaction,
      resolved: dto.resolved ?? dto.satisfaction !== 'unsatisfied',
      note: dto.comment ?? null,
    });
    // A rating closes or reopens the case; it never changes its owner.
    return this.view(Object.assign(rated, { ownerName: own.ownerName }));
  }

  /** A public file of the citizen's own case or of the case it was merged into. */
  async attachment(trackingCode: string, verify: string, attachmentId: string, thumbnail: boolean, clientAddress: string): Promise<StreamableFile> {
    const own = await this.citizens.open(trackingCode, verify, clientAddress);
    const followed = await this.followed(own);
    return this.attachments.downloadPublic([own.id, ...(followed.id !== own.id ? [followed.id] : [])], attachmentId, thumbnail);
  }

  /** The case whose progress the citizen follows: their own, or the one it was merged into (并单). */
  private async followed(own: CitizensCase): Promise<CitizensCase> {
    let found = own;
    for (let hops = 0; found.mergedIntoId && hops < MAX_MERGE_HOPS; hops++) {
      found = (await this.cases.findForCitizen({ id: found.mergedIntoId }))!;
    }
    return found;
  }

  private async view(own: CitizensCase): Promise<PublicCaseDto> {
    const found = await this.followed(own);
    // A merged citizen reads their own steps (受理, and the merge with what the centre told them), then
    // the master's progress — never the master's own intake, which is another citizen's.
    const timeline =
      found.id === own.id
        ? await this.cases.timeline(own.id, { publicOnly: true })
        : [
            ...(await this.cases.timeline(own.id, { publicOnly: true })),
            ...(await this.cases.timeline(found.id, { publicOnly: true })).filter((e) => e.type !== 'case.created'),
          ].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.seq) - Number(b.seq));
    const files = await this.attachmentRows.ofCases([...new Set([own.id, found.id])], { publicOnly: true });
    const owner = found.ownerName ?? CENTRE_NAME;
    return {
      trackingCode: own.trackingCode,
      ...(found.id !== own.id ? { mergedInto: { status: found.status, createdAt: found.createdAt.toISOString() } } : {}),
      status: found.status,
      kind: own.kind,
      title: own.title,
      createdAt: own.createdAt.toISOString(),
      owner: { name: owner },
      // What the citizen may see of a file: never who on the staff uploaded it.
      attachments: [...(files.get(own.id) ?? []), ...(found.id !== own.id ? (files.get(found.id) ?? []) : [])].map((a) => ({
        ...toAttachmentDto(a),
        uploadedBy: { type: a.uploadedBy ? 'user' : 'citizen' },
      })),
      deadline: found.currentDeadline?.toISOString() ?? null,
      timeline: timeline
        .filter((e) => e.type !== 'case.noted')
        .map((e) => ({ type: e.type, at: e.at.toISOString(), status: e.toStatus, ownerName: citizenOwnerName(e), ...citizenLine(e) })),
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
