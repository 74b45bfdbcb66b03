import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A reply template (常用语): a department's, or the centre's when `departmentId` is null. */
@Entity('reply_templates')
export class ReplyTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'department_id', nullable: true })
  departmentId: string | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('text', { name: 'category_codes', array: true, default: () => "'{}'" })
  categoryCodes: string[];

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
