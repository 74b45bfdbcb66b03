import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A co-handling department (协办) of a case: it sees the case and adds notes, never signs or replies. */
@Entity('case_co_departments')
export class CaseCoDepartment {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId: string;

  @PrimaryColumn('uuid', { name: 'department_id' })
  departmentId: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
