import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseStatus, Channel, CloseReason, Kind, Priority, Resolution, Satisfaction, TransferTarget } from './case.enums';

/** A case (工单): one citizen's call or letter, from intake to close. */
@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'tracking_code', unique: true })
  trackingCode: string;

  @Column('text', { name: 'query_code' })
  queryCode: string;

  @Column('text')
  channel: Channel;

  @Column('text')
  kind: Kind;

  @Column('text', { default: 'normal' })
  priority: Priority;

  @Column('text', { name: 'category_code', nullable: true })
  categoryCode: string | null;

  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Column('text', { nullable: true })
  address: string | null;

  /** Where the problem is, WGS-84 degrees (as phones report it); both set or neither. */
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('text')
  title: string;

  @Column('text')
  content: string;

  @Column('text', { name: 'citizen_name', nullable: true })
  citizenName: string | null;

  /** Digits only: a mainland mobile (11 digits) or a landline with its area code. */
  @Column('text', { name: 'citizen_phone', nullable: true })
  citizenPhone: string | null;

  @Column('text', { name: 'citizen_email', nullable: true })
  citizenEmail: string | null;

  @Column('boolean', { default: false })
  confidential: boolean;

  @Column('boolean', { name: 'public_consent', default: false })
  publicConsent: boolean;

  /** The citizen agreed to be told of progress by SMS and e-mail (opt-out: false). */
  @Column('boolean', { default: true })
  notify: boolean;

  /**
   * The public reference (`SR2026-000123`, Open311's `service_request_id`), never the tracking code: given
   * by the database to cases submitted through Open311 or whose citizen consented to publication.
   */
  @Column({ type: 'text', name: 'public_ref', nullable: true, insert: false, update: false })
  publicRef: string | null;

  /** An Open311 client's link to a photo (stored as a link, never fetched by the server). */
  @Column('text', { name: 'media_url', nullable: true })
  mediaUrl: string | null;

  /** The Open311 client app that submitted the case. */
  @Column('uuid', { name: 'open311_client_id', nullable: true })
  open311ClientId: string | null;

  @Column('text', { default: 'received' })
  status: CaseStatus;

  /** Null while the 12345 centre owns the case. */
  @Column('uuid', { name: 'owner_department_id', nullable: true })
  ownerDepartmentId: string | null;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('timestamptz', { name: 'dispatch_deadline', nullable: true })
  dispatchDeadline: Date | null;

  @Column('timestamptz', { name: 'sign_deadline', nullable: true })
  signDeadline: Date | null;

  @Column('timestamptz', { name: 'reply_deadline', nullable: true })
  replyDeadline: Date | null;

  @Column('timestamptz', { name: 'callback_deadline', nullable: true })
  callbackDeadline: Date | null;

  /** Computed by the database from the status and the stage deadlines (a generated column). */
  @Column({ type: 'timestamptz', name: 'current_deadline', nullable: true, insert: false, update: false })
  currentDeadline: Date | null;

  /** The department the centre dispatched to; it stays accountable while a child unit works the case. */
  @Column('uuid', { name: 'accountable_department_id', nullable: true })
  accountableDepartmentId: string | null;

  /** When the current owner received the case: the return window counts from here. */
  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  /** A supervisor decided the owner after a dispute: it can no longer return the case to the centre. */
  @Column('boolean', { name: 'final_owner', default: false })
  finalOwner: boolean;

  /** The department the routing rules propose, for the centre's dispatch queue. */
  @Column('uuid', { name: 'suggested_department_id', nullable: true })
  suggestedDepartmentId: string | null;

  /** When the current stage (status and owner) began: "deadline near" is 80% of the way to its deadline. */
  @Column('timestamptz', { name: 'stage_started_at' })
  stageStartedAt: Date;

  /** Kept by a database trigger: when 80% of the current stage's time is used. */
  @Column({ type: 'timestamptz', name: 'near_deadline_at', nullable: true, insert: false, update: false })
  nearDeadlineAt: Date | null;

  @Column('integer', { name: 'return_count', default: 0 })
  returnCount: number;

  @Column('boolean', { default: false })
  supervised: boolean;

  /** A department's extension request (延期) waits for a supervisor. */
  @Column('boolean', { name: 'extension_pending', default: false })
  extensionPending: boolean;

  /** Extensions granted so far (at most MAX_APPROVED_EXTENSIONS). */
  @Column('integer', { name: 'extensions_approved', default: 0 })
  extensionsApproved: number;

  /** Departments whose return of this case the centre refused (派单异议审核): they may not return it again. */
  @Column('uuid', { name: 'returns_refused_to', array: true, default: () => "'{}'" })
  returnsRefusedTo: string[];

  /** A department's pause request (挂起) waits for a supervisor. */
  @Column('boolean', { name: 'pause_pending', default: false })
  pausePending: boolean;

  /** Pauses granted so far (at most MAX_APPROVED_PAUSES). */
  @Column('integer', { name: 'pauses_approved', default: 0 })
  pausesApproved: number;

  /** Set while the case is paused: its stage has no deadline then (`current_deadline` is null). */
  @Column('timestamptz', { name: 'paused_at', nullable: true })
  pausedAt: Date | null;

  /** When a pause ends by itself, if the request named a date. */
  @Column('timestamptz', { name: 'pause_until', nullable: true })
  pauseUntil: Date | null;

  /** Time spent paused, left out of the figures' durations. */
  @Column('double precision', { name: 'paused_seconds', default: 0 })
  pausedSeconds: number;

  /** The owner's public answer (答复) and its resolution. */
  @Column('text', { name: 'reply_content', nullable: true })
  replyContent: string | null;

  @Column('text', { nullable: true })
  resolution: Resolution | null;

  @Column('timestamptz', { name: 'replied_at', nullable: true })
  repliedAt: Date | null;

  /** The last callback (回访) or online rating. */
  @Column('text', { nullable: true })
  satisfaction: Satisfaction | null;

  @Column('boolean', { nullable: true })
  resolved: boolean | null;

  @Column('timestamptz', { name: 'called_back_at', nullable: true })
  calledBackAt: Date | null;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason: CloseReason | null;

  /** Set when the centre merged this case into another (并单): its citizen follows the master. */
  @Column('uuid', { name: 'merged_into_id', nullable: true })
  mergedIntoId: string | null;

  /** How many cases were merged into this one (kept by a database trigger, whoever merges). */
  @Column({ type: 'integer', name: 'merged_count', default: 0, insert: false, update: false })
  mergedCount: number;

  /** Where the centre handed the call over (closed as `transferred`): 110, 119, 120 or 122. */
  @Column('text', { name: 'transfer_to', nullable: true })
  transferTo: TransferTarget | null;

  /** The counterpart's own reference for the handed-over call (their 接警 number), when they gave one. */
  @Column('text', { name: 'counterpart_ref', nullable: true })
  counterpartRef: string | null;

  @Column('integer', { default: 1 })
  version: number;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
