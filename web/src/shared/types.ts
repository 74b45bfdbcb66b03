/** The API's shapes, as the OpenAPI document at /api/docs-json describes them. */

export type Role = 'operator' | 'handler' | 'dept_lead' | 'supervisor' | 'admin';
export type CaseStatus = 'received' | 'dispatched' | 'returned' | 'in_progress' | 'replied' | 'closed';
export type Channel = 'hotline' | 'mailbox' | 'web' | 'app' | 'open311';
export type Kind = 'complaint' | 'request' | 'consultation' | 'suggestion' | 'report' | 'praise';
export type Priority = 'normal' | 'urgent' | 'emergency';
export type Resolution = 'resolved' | 'explained' | 'unresolvable';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type CloseReason = 'answered' | 'not_accepted' | 'merged';
export type CaseEventType =
  | 'case.created'
  | 'case.updated'
  | 'case.dispatched'
  | 'case.signed'
  | 'case.returned'
  | 'case.assigned'
  | 'case.noted'
  | 'case.replied'
  | 'case.reopened'
  | 'case.closed'
  | 'case.merged'
  | 'case.reminded'
  | 'case.overdue'
  | 'case.supervised'
  | 'case.extension_requested'
  | 'case.extension_decided'
  | 'case.owner_decided'
  | 'case.rated';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: User;
}

export type Owner =
  | { type: 'centre' }
  | { type: 'department'; departmentId: string; code: string; name: string };

export interface DepartmentRef {
  departmentId: string;
  code: string;
  name: string;
}

export interface Citizen {
  name: string | null;
  phone: string | null;
  email: string | null;
  confidential: boolean;
}

export interface PendingExtension {
  id: string;
  workingDays: number;
  reason: string;
  requestedAt: string;
}

export interface Case {
  id: string;
  trackingCode: string;
  channel: Channel;
  kind: Kind;
  priority: Priority;
  categoryCode: string | null;
  regionCode: string | null;
  address: string | null;
  title: string;
  content: string;
  status: CaseStatus;
  owner: Owner;
  coDepartments: DepartmentRef[];
  suggestedDepartment: DepartmentRef | null;
  finalOwner: boolean;
  assigneeId: string | null;
  dispatchDeadline: string | null;
  signDeadline: string | null;
  replyDeadline: string | null;
  callbackDeadline: string | null;
  overdue: boolean;
  returnCount: number;
  supervised: boolean;
  pendingExtension: PendingExtension | null;
  replyContent: string | null;
  resolution: Resolution | null;
  repliedAt: string | null;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  closeReason: CloseReason | null;
  mergedIntoId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  citizen: Citizen;
}

export interface CreatedCase extends Case {
  queryCode: string;
}

export interface Actor {
  type: 'user' | 'citizen' | 'system';
  id?: string;
  displayName?: string;
  role?: string;
}

export interface TimelineEvent {
  seq: number;
  type: CaseEventType;
  at: string;
  actor: Actor;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  fromOwner: Owner | null;
  toOwner: Owner;
  note: string | null;
  public: boolean;
}

export interface CaseWithTimeline extends Case {
  timeline: TimelineEvent[];
}

export interface CaseList {
  items: Case[];
  nextCursor: string | null;
}

export interface DepartmentNode {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  children: DepartmentNode[];
}

export interface DepartmentUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface CatalogNode {
  code: string;
  name: string;
  parentCode: string | null;
  children: CatalogNode[];
}

export interface Suggestion {
  departmentId: string;
  code: string;
  name: string;
  autoDispatch: boolean;
  ruleId: string;
}

export interface OverdueOwner {
  owner: Owner;
  overdue: number;
  oldestDeadline: string;
}

export interface DepartmentFigures {
  departmentId: string;
  code: string;
  name: string;
  received: number;
  signOnTimeRate: number | null;
  replyOnTimeRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  returnRate: number | null;
  reopenRate: number | null;
  overdueOpen: number;
  avgReplyHours: number | null;
  score: number | null;
}

/** `case.event` on the `/live` namespace. */
export interface LiveCaseEvent {
  seq: number;
  type: CaseEventType;
  caseId: string;
  trackingCode: string;
  status: CaseStatus;
  owner: Owner | { name: string } | null;
  at: string;
}

// ---- the citizen's side ----

export interface LetterReceipt {
  trackingCode: string;
  queryCode: string;
}

export interface PublicEvent {
  type: CaseEventType;
  at: string;
  status: CaseStatus;
  ownerName: string;
  note: string | null;
}

export interface PublicCase {
  trackingCode: string;
  status: CaseStatus;
  kind: Kind;
  title: string;
  createdAt: string;
  owner: { name: string };
  deadline: string | null;
  timeline: PublicEvent[];
  reply?: { content: string; resolution: Resolution; repliedAt: string; department: string };
  mergedInto?: { status: CaseStatus; createdAt: string };
}
