import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Category × region → the department in charge. A null region means "anywhere". */
@Entity('routing_rules')
export class RoutingRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'category_code' })
  categoryCode: string;

  @Column('text', { name: 'region_code', nullable: true })
  regionCode: string | null;

  @Column('uuid', { name: 'department_id' })
  departmentId: string;

  @Column('boolean', { name: 'auto_dispatch', default: false })
  autoDispatch: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
