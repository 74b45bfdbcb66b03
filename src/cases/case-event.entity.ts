import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseStatus } from './case.enums';

export const EVENT_TYPES = [
  'case.created',
  'case.updated',
  'case.dispatched',
  'case.signed',
  'case.returned',
  'case.assigned',
  'case.noted',
  'case.replied',
  'case.reopened',
  'case.closed',
  'case.merged',
  'case.reminded',
  'case.overdue',
  'case.supervised',
  'case.extension_requested',
  'case.extension_decided',
  'case.owner_decided',
  'case.rated',
  'case.return_refused',
  'case.pause_requested',
  'case.paused',
  'case.pause_refused',
  'case.resumed',
  'case.transferred',
  'case.attachment_added',
  'case.linked',
] as const;
export type CaseEventType = (typeof EVENT_TYPES)[number];

export type ActorKind = 'user' | 'citizen' | 'system';

/** One entry of a case's timeline. Append-only: the database rejects UPDATE, DELETE and TRUNCATE. */
@Entity('case_events')
export class CaseEvent {
  /** Rises across the whole system. Bigint in PostgreSQL; read as a string by the driver. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('text')
  type: CaseEventType;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'actor_kind' })
  actorKind: ActorKind;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus: CaseStatus | null;

  @Column('text', { name: 'to_status' })
  toStatus: CaseStatus;

  @Column('uuid', { name: 'from_owner_department_id', nullable: true })
  fromOwnerDepartmentId: string | null;

  @Column('uuid', { name: 'to_owner_department_id', nullable: true })
  toOwnerDepartmentId: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  /**
   * The co-handling departments (协办) in effect at this event, before and after it: they see it. Lets
   * the live feed decide who receives an event from the event alone (`src/live/live-scope.ts`).
   */
  @Column('uuid', { name: 'co_department_ids', array: true, default: () => `'{}'` })
  coDepartmentIds: string[];

  /** Whether the citizen's view of the case shows this event. */
  @Column('boolean')
  public: boolean;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;

  /**
   * SHA-256 (hex) of the previous event's hash in this case followed by this event's canonical JSON:
   * computed by the database on insert (migration TimelineChain), never by the app.
   */
  @Column({ type: 'text', insert: false, update: false })
  hash: string;
}
