import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTACHMENT_TYPES, type AttachmentType } from '../attachment.entity';
import { CaseEventType, EVENT_TYPES } from '../case-event.entity';
import { PAUSE_REASONS, type PauseReason } from '../case-pause.entity';
import { CASE_VERBS, type CaseVerb } from '../case-state-machine';
import {
  CHANNELS,
  CLOSE_REASONS,
  KINDS,
  PRIORITIES,
  RESOLUTIONS,
  SATISFACTIONS,
  STATUSES,
  TRANSFER_TARGETS,
  type CaseStatus,
  type TransferTarget,
  type Channel,
  type CloseReason,
  type Kind,
  type Priority,
  type Resolution,
  type Satisfaction,
} from '../case.enums';
import { LocationDto } from './location.dto';

export class OwnerDto {
  @ApiProperty({ enum: ['centre', 'department'] }) type: 'centre' | 'department';
  @ApiPropertyOptional({ format: 'uuid' }) departmentId?: string;
  @ApiPropertyOptional({ example: 'rsj' }) code?: string;
  @ApiPropertyOptional({ example: '市人力资源和社会保障局' }) name?: string;
}

export class CitizenDto {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Masked (138****5678) for department staff' })
  phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() confidential: boolean;
}

export class DepartmentRefDto {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class PendingExtensionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Working days asked for' }) workingDays: number;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({
    type: [String],
    format: 'date-time',
    description:
      'The reply deadline an approval would set, for each number of days that may be granted: index 0 for one working day, ' +
      'the last for all the days asked for (the working calendar as it is now, exactly as the decision counts)',
  })
  replyDeadlines: string[];
}

export class CasePauseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'approved'], description: 'Waiting for a supervisor, or running' }) status: 'pending' | 'approved';
  @ApiProperty({ enum: PAUSE_REASONS }) reason: PauseReason;
  @ApiProperty({ description: 'The department’s reason, internal' }) note: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the pause ends by itself' }) until: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the clock stopped' }) startedAt: string | null;
}

export class LastReturnDto {
  @ApiProperty({ type: DepartmentRefDto, description: 'The department that returned the case' }) department: DepartmentRefDto;
  @ApiProperty({ description: 'Its reason (退单理由)' }) reason: string;
  @ApiPropertyOptional({ type: DepartmentRefDto, nullable: true, description: 'Who it thinks is in charge' }) suggestedDepartment: DepartmentRefDto | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AttachmentUploaderDto {
  @ApiProperty({ enum: ['user', 'citizen'] }) type: 'user' | 'citizen';
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ description: 'The staff member’s name then' }) displayName?: string;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '现场照片.jpg' }) name: string;
  @ApiProperty({ enum: ATTACHMENT_TYPES, description: 'What the content is, as read from the bytes' }) type: AttachmentType;
  @ApiProperty({ description: 'Bytes, as stored (images re-encoded without metadata)' }) size: number;
  @ApiProperty({ description: '市民可见 — the citizen may download it' }) public: boolean;
  @ApiProperty({ description: 'A small preview exists: add `?thumbnail=true` to its download' }) thumbnail: boolean;
  @ApiProperty({ type: AttachmentUploaderDto }) uploadedBy: AttachmentUploaderDto;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7RM4XQ2PA' }) trackingCode: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: KINDS }) kind: Kind;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ nullable: true, type: String }) categoryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ type: LocationDto, nullable: true, description: 'Where the problem is (WGS-84), when the caller gave it' })
  location: LocationDto | null;
  @ApiProperty() title: string;
  @ApiProperty() content: string;
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ type: OwnerDto }) owner: OwnerDto;
  @ApiProperty({ type: [DepartmentRefDto], description: 'Co-handling departments (协办)' }) coDepartments: DepartmentRefDto[];
  @ApiProperty({ type: DepartmentRefDto, nullable: true, description: 'What the routing rules propose' })
  suggestedDepartment: DepartmentRefDto | null;
  @ApiProperty({ description: 'A supervisor decided the owner: it can no longer return the case' }) finalOwner: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dispatchDeadline: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signDeadline: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) replyDeadline: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) callbackDeadline: string | null;
  @ApiProperty({ description: "The current stage's deadline has passed" }) overdue: boolean;
  @ApiProperty() returnCount: number;
  @ApiProperty() supervised: boolean;
  @ApiProperty({ type: PendingExtensionDto, nullable: true, description: 'An extension request waiting for a supervisor' })
  pendingExtension: PendingExtensionDto | null;
  @ApiProperty({ description: 'Paused (挂起): the reply clock stands still, the case is never overdue meanwhile' }) paused: boolean;
  @ApiProperty({ type: CasePauseDto, nullable: true, description: 'A pause request waiting for a supervisor, or the running pause' })
  pause: CasePauseDto | null;
  @ApiProperty({ type: LastReturnDto, nullable: true, description: 'While returned: who returned it and why, for the return review' })
  lastReturn: LastReturnDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'The owner’s public answer' }) replyContent: string | null;
  @ApiProperty({ enum: RESOLUTIONS, nullable: true, type: String }) resolution: Resolution | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) repliedAt: string | null;
  @ApiProperty({ enum: SATISFACTIONS, nullable: true, type: String, description: 'The last callback or rating' })
  satisfaction: Satisfaction | null;
  @ApiProperty({ nullable: true, type: Boolean }) resolved: boolean | null;
  @ApiProperty({ enum: CLOSE_REASONS, nullable: true, type: String }) closeReason: CloseReason | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The case this one was merged into' })
  mergedIntoId: string | null;
  @ApiProperty({ description: 'How many cases were merged into this one (并单)' }) mergedCount: number;
  @ApiProperty({ enum: TRANSFER_TARGETS, nullable: true, type: String, description: 'Closed as transferred: the line that took the call over' })
  transferTo: TransferTarget | null;
  @ApiProperty({ nullable: true, type: String, description: "The counterpart's reference for the transferred call" }) counterpartRef: string | null;
  @ApiProperty({ description: 'Starts at 1, +1 on every change; send it back to detect concurrent edits' })
  version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: CitizenDto }) citizen: CitizenDto;
  @ApiProperty({ type: [AttachmentDto], description: 'Files, oldest first: `GET /api/cases/{id}/attachments/{aid}`' }) attachments: AttachmentDto[];
  @ApiProperty({
    enum: CASE_VERBS,
    isArray: true,
    description:
      'What the caller could do to this case now with a valid body, without a 403 or a 409: each is the last part of the route ' +
      '(`POST /api/cases/:id/<verb>`; `update` is the PATCH). The console offers exactly these.',
  })
  allowedActions: CaseVerb[];
}

export class CreatedCaseDto extends CaseDto {
  @ApiProperty({ example: '482913', description: 'Read to the caller: with the tracking code it unlocks the citizen view' })
  queryCode: string;
}

export class ActorDto {
  @ApiProperty({ enum: ['user', 'citizen', 'system'] }) type: 'user' | 'citizen' | 'system';
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiPropertyOptional() role?: string;
}

export class TimelineEventDto {
  @ApiProperty({ description: 'Rises strictly across the whole system' }) seq: number;
  @ApiProperty({ enum: EVENT_TYPES }) type: CaseEventType;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: ActorDto }) actor: ActorDto;
  @ApiProperty({ enum: STATUSES, nullable: true, type: String }) fromStatus: CaseStatus | null;
  @ApiProperty({ enum: STATUSES }) toStatus: CaseStatus;
  @ApiProperty({ type: OwnerDto, nullable: true }) fromOwner: OwnerDto | null;
  @ApiProperty({ type: OwnerDto }) toOwner: OwnerDto;
  @ApiProperty({ nullable: true, type: String, description: 'Internal: staff only' }) note: string | null;
  @ApiProperty({ nullable: true, type: String, description: '市民可见 — what the citizen reads with this step, when staff wrote something for them' })
  publicNote: string | null;
  @ApiProperty({ description: "Whether the citizen's timeline shows this step (as a standard sentence)" }) public: boolean;
}

/** A case merged into this one (并单): its own citizen follows this case's progress and answer. */
export class MergedCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseWithTimelineDto extends CaseDto {
  @ApiProperty({ type: [TimelineEventDto], description: 'Oldest first' }) timeline: TimelineEventDto[];
  @ApiProperty({ type: [MergedCaseDto], description: 'The cases merged into this one, oldest first' }) mergedCases: MergedCaseDto[];
}

export class SimilarCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() trackingCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STATUSES }) status: CaseStatus;
  @ApiProperty({ type: OwnerDto }) owner: OwnerDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Dice coefficient of the two texts’ character bigrams' }) similarity: number;
  @ApiProperty({ description: 'Cases already merged into it' }) mergedCount: number;
}

export class SimilarCasesDto {
  @ApiProperty({ type: [SimilarCaseDto], description: 'Most similar first, at most 10, each at or above SIMILAR_THRESHOLD' })
  items: SimilarCaseDto[];
}

export class CaseListDto {
  @ApiProperty({ type: [CaseDto] }) items: CaseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export class ChainReportDto {
  @ApiProperty({ description: 'Every event’s hash follows from its fields and the previous event’s hash' }) ok: boolean;
  @ApiProperty({ description: 'Events checked' }) events: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The first event that does not; null when ok' }) firstBrokenSeq: number | null;
}
