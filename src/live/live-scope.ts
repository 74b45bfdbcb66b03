import { type AuthUser, seesAllCases } from '../auth/auth-user';
import { type CaseParties, departmentsSeeing, scopeOf, sees } from '../cases/case-access';
import type { CaseEventType } from '../cases/case-event.entity';
import type { CaseStatus } from '../cases/case.enums';
import { toOwnerDto } from '../cases/case.mapper';
import type { DepartmentTree } from '../departments/department-tree';
import type { CaseEventMessageDto } from './dto/live-messages.dto';

/**
 * Who receives which live event — who may see a case (`cases/case-access.ts`), applied to events:
 *
 * - Operators, supervisors and admins: every event (room `centre`).
 * - Department staff: events of cases their department or one of its units owns or co-handles,
 *   including the event that moves a case to or away from them. An event goes to the room of every
 *   department that sees its parties (`departmentsSeeing`); each staff member sits in their own
 *   department's room (`dept:<id>`). A replay filters rows with `sees`, the same rule read the other way.
 * - A citizen: their own case's public events, never a note (room `case:<caseId>`).
 */

/** Who is on the other end of a live socket. */
export type LivePrincipal = { kind: 'staff'; user: AuthUser; expiresAt: Date; tokenVersion: number } | { kind: 'citizen'; caseId: string };

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

/** Every department: names for the message, the tree for the audience. */
export type DepartmentDirectory = DepartmentTree;

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

const partiesOf = (event: CommittedEvent): CaseParties => ({
  ownerDepartmentIds: [event.fromOwnerDepartmentId, event.toOwnerDepartmentId],
  coDepartmentIds: event.coDepartmentIds,
});

/** The rooms an event goes to. */
export function audienceOf(event: CommittedEvent, directory: DepartmentDirectory): string[] {
  const rooms = [CENTRE_ROOM, ...departmentsSeeing(partiesOf(event), directory).map(departmentRoom)];
  if (citizenSees(event)) rooms.push(caseRoom(event.caseId));
  return rooms;
}

/** Whether a principal may receive an event: for a replay, row by row. */
export function reaches(event: CommittedEvent, directory: DepartmentDirectory, principal: LivePrincipal): boolean {
  if (principal.kind === 'citizen') return principal.caseId === event.caseId && citizenSees(event);
  return sees(scopeOf(principal.user, directory), partiesOf(event));
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

/** What the replay query may narrow to before `reaches` decides, row by row. */
export type ReplayScope = { kind: 'all' } | { kind: 'departments'; departmentIds: readonly string[] } | { kind: 'case'; caseId: string };

export function replayScopeOf(principal: LivePrincipal, directory: DepartmentDirectory): ReplayScope {
  if (principal.kind === 'citizen') return { kind: 'case', caseId: principal.caseId };
  const scope = scopeOf(principal.user, directory);
  return scope.kind === 'all' ? scope : { kind: 'departments', departmentIds: scope.departmentIds };
}
