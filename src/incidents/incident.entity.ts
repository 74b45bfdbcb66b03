import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INCIDENT_ROLES = ['master', 'merged', 'linked'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** One problem many people called about (事件): one master case, one owner, one answer. */
@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('uuid', { name: 'master_case_id' })
  masterCaseId: string;

  /** The hotspot it was made of, if any. */
  @Column('uuid', { name: 'hotspot_id', nullable: true })
  hotspotId: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
