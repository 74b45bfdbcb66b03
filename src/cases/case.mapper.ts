import type { AuthUser } from '../auth/auth-user';
import type { DepartmentNode } from '../departments/department-tree';
import { allowedVerbs } from './case-policy';
import type { GuardContext } from './case-state-machine';
import type { LastReturn, TimelineRow } from './cases.repository';
import type { CaseExtension } from './case-extension.entity';
import type { CasePause } from './case-pause.entity';
import type { Case } from './case.entity';
import { citizenFor } from './citizen-privacy';
import type { Attachment } from './attachment.entity';
import type { ActorDto, AttachmentDto, CaseDto, CasePauseDto, DepartmentRefDto, LastReturnDto, OwnerDto, PendingExtensionDto, TimelineEventDto } from './dto/case.dto';

/** Departments by id, for their codes and names: a map, or the department tree itself. */
export interface DepartmentsById {
  get(id: string): Pick<DepartmentNode, 'id' | 'code' | 'name'> | undefined;
}

/** A pending request and, for 1, 2, … of the days it asks for, the reply deadline an approval would set. */
export type PendingExtension = CaseExtension & { replyDeadlines: Date[] };

export interface ViewContext {
  /** Who reads the case: what they may do to it is part of what they see. */
  user: AuthUser;
  guards: GuardContext;
  /** Centre staff see the citizen's full contact details. */
  fullAccess: boolean;
  departments: DepartmentsById;
  /** Co-handling department ids by case id. */
  coDepartments: ReadonlyMap<string, string[]>;
  /** Pending extension requests by case id, with the reply deadline each number of days granted would set. */
  pendingExtensions: ReadonlyMap<string, PendingExtension>;
  /** Pause requests waiting, and pauses running, by case id. */
  openPauses: ReadonlyMap<string, CasePause>;
  /** The last return of each returned case. */
  lastReturns: ReadonlyMap<string, LastReturn>;
  /** Attachments by case id. */
  attachments: ReadonlyMap<string, Attachment[]>;
}

export function toAttachmentDto(a: Attachment): AttachmentDto {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    size: a.size,
    public: a.public,
    thumbnail: a.thumbnailKey !== null,
    uploadedBy: a.uploadedBy ? { type: 'user', id: a.uploadedBy, displayName: a.uploadedByName ?? undefined } : { type: 'citizen' },
    at: a.createdAt.toISOString(),
  };
}

function toDepartmentRef(departmentId: string, departments: DepartmentsById): DepartmentRefDto {
  const d = departments.get(departmentId);
  return { departmentId, code: d?.code ?? '', name: d?.name ?? '' };
}

export function toOwnerDto(departmentId: string | null, departments: DepartmentsById): OwnerDto {
  if (departmentId === null) return { type: 'centre' };
  const d = departments.get(departmentId);
  return { type: 'department', departmentId, code: d?.code, name: d?.name };
}

/** Overdue is not a state: the current stage's deadline has passed on an open case. */
export function isOverdue(c: Pick<Case, 'status' | 'currentDeadline'>, now: Date): boolean {
  return c.status !== 'closed' && c.currentDeadline !== null && c.currentDeadline.getTime() < now.getTime();
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toPendingExtensionDto(x: PendingExtension | undefined): PendingExtensionDto | null {
  return x
    ? { id: x.id, workingDays: x.requestedDays, reason: x.reason, requestedAt: x.createdAt.toISOString(), replyDeadlines: x.replyDeadlines.map((d) => d.toISOString()) }
    : null;
}

function toCasePauseDto(p: CasePause | undefined): CasePauseDto | null {
  if (!p || (p.status !== 'pending' && p.status !== 'approved')) return null;
  return { id: p.id, status: p.status, reason: p.reason, note: p.note, until: iso(p.until), requestedAt: p.createdAt.toISOString(), startedAt: iso(p.startedAt) };
}

function toLastReturnDto(r: LastReturn | undefined, departments: DepartmentsById): LastReturnDto | null {
  if (!r) return null;
  return {
    department: toDepartmentRef(r.departmentId, departments),
    reason: r.reason,
    suggestedDepartment: r.suggestedDepartmentId ? toDepartmentRef(r.suggestedDepartmentId, departments) : null,
    at: r.at.toISOString(),
  };
}

/** A case as the API returns it. Never return the entity itself: this is where personal data is masked. */
export function toCaseDto(c: Case, ctx: ViewContext): CaseDto {
  const coDepartmentIds = ctx.coDepartments.get(c.id) ?? [];
  return {
    id: c.id,
    trackingCode: c.trackingCode,
    channel: c.channel,
    kind: c.kind,
    priority: c.priority,
    categoryCode: c.categoryCode,
    regionCode: c.regionCode,
    address: c.address,
    location: c.latitude !== null && c.longitude !== null ? { lat: c.latitude, lng: c.longitude } : null,
    title: c.title,
    content: c.content,
    status: c.status,
    owner: toOwnerDto(c.ownerDepartmentId, ctx.departments),
    coDepartments: coDepartmentIds.map((id) => toDepartmentRef(id, ctx.departments)),
    suggestedDepartment: c.suggestedDepartmentId ? toDepartmentRef(c.suggestedDepartmentId, ctx.departments) : null,
    finalOwner: c.finalOwner,
    assigneeId: c.assigneeId,
    dispatchDeadline: iso(c.dispatchDeadline),
    signDeadline: iso(c.signDeadline),
    replyDeadline: iso(c.replyDeadline),
    callbackDeadline: iso(c.callbackDeadline),
    overdue: isOverdue(c, ctx.guards.now),
    returnCount: c.returnCount,
    supervised: c.supervised,
    pendingExtension: toPendingExtensionDto(ctx.pendingExtensions.get(c.id)),
    paused: c.pausedAt !== null,
    pause: toCasePauseDto(ctx.openPauses.get(c.id)),
    lastReturn: toLastReturnDto(c.status === 'returned' ? ctx.lastReturns.get(c.id) : undefined, ctx.departments),
    replyContent: c.replyContent,
    resolution: c.resolution,
    repliedAt: iso(c.repliedAt),
    satisfaction: c.satisfaction,
    resolved: c.resolved,
    closeReason: c.closeReason,
    mergedIntoId: c.mergedIntoId,
    mergedCount: c.mergedCount ?? 0,
    transferTo: c.transferTo,
    counterpartRef: c.counterpartRef,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    citizen: citizenFor(c, ctx.fullAccess),
    attachments: (ctx.attachments.get(c.id) ?? []).map(toAttachmentDto),
    allowedActions: allowedVerbs(ctx.user, { ...c, coDepartmentIds }, ctx.guards),
  };
}


/** A name the event kept when it was written (see CaseWorkflow), else null. */
const keptName = (e: TimelineRow, key: 'actorName' | 'fromOwnerName' | 'toOwnerName') => (typeof e.data[key] === 'string' ? (e.data[key] as string) : null);

function toActorDto(e: TimelineRow): ActorDto {
  if (e.actorKind !== 'user' || !e.actorId) return { type: e.actorKind };
  return { type: 'user', id: e.actorId, displayName: keptName(e, 'actorName') ?? e.actorDisplayName ?? undefined, role: e.actorRole ?? undefined };
}

/** The owner as the event recorded it: the department's name then, not now. */
function ownerAsWritten(departmentId: string | null, name: string | null, departments: DepartmentsById): OwnerDto {
  const owner = toOwnerDto(departmentId, departments);
  return owner.type === 'department' && name ? { ...owner, name } : owner;
}

export function toTimelineEventDto(e: TimelineRow, departments: DepartmentsById): TimelineEventDto {
  return {
    seq: Number(e.seq),
    type: e.type,
    at: e.at.toISOString(),
    actor: toActorDto(e),
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromOwner: e.fromStatus === null ? null : ownerAsWritten(e.fromOwnerDepartmentId, keptName(e, 'fromOwnerName'), departments),
    toOwner: ownerAsWritten(e.toOwnerDepartmentId, keptName(e, 'toOwnerName'), departments),
    note: e.note,
    publicNote: typeof e.data.publicNote === 'string' ? e.data.publicNote : null,
    public: e.public,
  };
}
