import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PAUSE_REASONS = ['awaiting_citizen', 'legal_proceedings', 'other_authority', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export type PauseStatus = 'pending' | 'approved' | 'refused' | 'ended';

/** A department's request to stop the reply clock (挂起), the supervisor's decision, and the pause itself. */
@Entity('case_pauses')
export class CasePause {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('uuid', { name: 'requested_by' })
  requestedBy: string;

  @Column('text')
  reason: PauseReason;

  @Column('text')
  note: string;

  /** When the pause ends by itself, if the department named a date. */
  @Column('timestamptz', { nullable: true })
  until: Date | null;

  @Column('text', { default: 'pending' })
  status: PauseStatus;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
