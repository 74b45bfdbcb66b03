import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

/** A department's request for more time to reply (延期), and the supervisor's decision. */
@Entity('case_extensions')
export class CaseExtension {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('uuid', { name: 'requested_by' })
  requestedBy: string;

  @Column('integer', { name: 'requested_days' })
  requestedDays: number;

  @Column('text')
  reason: string;

  @Column('text', { default: 'pending' })
  status: ExtensionStatus;

  @Column('integer', { name: 'granted_days', nullable: true })
  grantedDays: number | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
