import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A supervision (督办): the facts of poor follow-through and the rectification demanded, published by `ref`. */
@Entity('supervisions')
export class Supervision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The public reference, e.g. `DB2026-000042`; never the case's tracking code. */
  @Column('text', { unique: true })
  ref: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @Column('text')
  source: 'manual' | 'automatic';

  @Column('text')
  facts: string;

  @Column('text')
  requirement: string;

  @Column('uuid', { name: 'responsible_department_id', nullable: true })
  responsibleDepartmentId: string | null;

  @Column('text', { name: 'responsible_person', nullable: true })
  responsiblePerson: string | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
