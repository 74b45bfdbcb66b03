import { type AuthUser, seesAllCases } from '../auth/auth-user';
import type { CaseEventType } from '../cases/case-event.entity';
import type { CaseStatus } from '../cases/case.enums';
import { toOwnerDto } from '../cases/case.mapper';
import type { CaseEventMessageDto } from './dto/live-messages.dto';

/**
 * Who receives which live event: the one rule, used both for live delivery (as socket.io rooms) and
 * for `resume` (as a filter over the replayed rows), so the two cannot disagree.
 *
 * - Operators, supervisors and admins: every event (room `centre`).
 * - Department staff: events of cases their department or one of its units owns or co-handles,
 *   including the event that moves a case to or away from them. An event goes to the room of every
 *   department at or above its previous owner, its new owner and the case's co-handling departments
 *   (room `dept:<id>`); each staff member sits in their own department's room.
 * - A citizen: their own case's public events, never a note (room `case:<caseId>`).
 */

/** Who is on the other end of a live socket. */
export type LivePrincipal = { kind: 'staff'; user: AuthUser; expiresAt: Date } | { kind: 'citizen'; caseId: string };

/** A committed timeline event with what deciding its audience needs. */
export interface CommittedEvent {
  seq: number;
  type: CaseEventType;
  caseId: string;
  trackingCode: string;
  at: Date;
  toStatus: CaseStatus;
  fromOwnerDepartmentId: string | null;
  toOwnerDepartmentId: string | null;
  public: boolean;
  /** The case's co-handling departments (协办) at the time of the event, before and after it. */
  coDepartmentIds: readonly string[];
}

export interface DepartmentNode {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

/** Every department by id: names for the message, parent links for the audience. */
export type DepartmentDirectory = ReadonlyMap<string, DepartmentNode>;

/** The `case.event` message, as the contract defines it. */
export type CaseEventMessage = CaseEventMessageDto;

export const CENTRE_ROOM = 'centre';
export const departmentRoom = (departmentId: string) => `dept:${departmentId}`;
export const caseRoom = (caseId: string) => `case:${caseId}`;

/** The one room a principal listens in. */
export function roomOf(principal: LivePrincipal): string {
  if (principal.kind === 'citizen') return caseRoom(principal.caseId);
  if (seesAllCases(principal.user)) return CENTRE_ROOM;
  if (!principal.user.departmentId) throw new Error(`User ${principal.user.id} has role ${principal.user.role} but no department`);
  return departmentRoom(principal.user.departmentId);
}

/** Whether a citizen may see the event on their case's page. */
export function citizenSees(event: Pick<CommittedEvent, 'public' | 'type'>): boolean {
  return event.public && event.type !== 'case.noted';
}

/** The department and every department above it. */
export function withAncestors(departmentId: string, directory: DepartmentDirectory): string[] {
  const chain: string[] = [];
  for (let id: string | null = departmentId; id !== null && !chain.includes(id); id = directory.get(id)?.parentId ?? null) {
    chain.push(id);
  }
  return chain;
}

/** The rooms an event goes to. */
export function audienceOf(event: CommittedEvent, directory: DepartmentDirectory): string[] {
  const departments = new Set<string>();
  for (const id of [event.fromOwnerDepartmentId, event.toOwnerDepartmentId, ...event.coDepartmentIds]) {
    if (id !== null) for (const unit of withAncestors(id, directory)) departments.add(unit);
  }
  const rooms = [CENTRE_ROOM, ...[...departments].map(departmentRoom)];
  if (citizenSees(event)) rooms.push(caseRoom(event.caseId));
  return rooms;
}

export function reaches(event: CommittedEvent, directory: DepartmentDirectory, principal: LivePrincipal): boolean {
  return audienceOf(event, directory).includes(roomOf(principal));
}

export function toCaseEventMessage(event: CommittedEvent, directory: DepartmentDirectory): CaseEventMessage {
  return {
    seq: event.seq,
    type: event.type,
    caseId: event.caseId,
    trackingCode: event.trackingCode,
    status: event.toStatus,
    owner: toOwnerDto(event.toOwnerDepartmentId, directory),
    at: event.at.toISOString(),
  };
}

/**
 * What the replay query may narrow to before `reaches` decides, row by row: a principal's scope in
 * terms of the database (a department's subtree is resolved there).
 */
export type ReplayScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'case'; caseId: string };

export function replayScopeOf(principal: LivePrincipal): ReplayScope {
  if (principal.kind === 'citizen') return { kind: 'case', caseId: principal.caseId };
  if (seesAllCases(principal.user)) return { kind: 'all' };
  return { kind: 'department', departmentId: principal.user.departmentId! };
}
