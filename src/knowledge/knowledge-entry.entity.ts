import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A knowledge-base entry (知识库): an answer a department stands behind, with the document it rests on,
 * when it applies and when its owner must check it again. Its bigram search vector is a generated
 * column (migration OperatorDesk), not mapped here.
 */
@Entity('knowledge_entries')
export class KnowledgeEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  keywords: string;

  @Column('text')
  body: string;

  @Column('text', { name: 'category_codes', array: true, default: () => "'{}'" })
  categoryCodes: string[];

  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Column('uuid', { name: 'department_id' })
  departmentId: string;

  @Column('text', { name: 'source_ref', nullable: true })
  sourceRef: string | null;

  /** Dates (YYYY-MM-DD, Asia/Shanghai): read as text by the repository. */
  @Column('date', { name: 'effective_from' })
  effectiveFrom: string;

  @Column('date', { name: 'expires_at', nullable: true })
  expiresAt: string | null;

  @Column('date', { name: 'review_due_at' })
  reviewDueAt: string;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt: Date | null;

  @Column('integer', { default: 1 })
  version: number;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
