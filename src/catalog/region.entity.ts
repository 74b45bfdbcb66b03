import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An administrative region (行政区划) by its GB/T 2260 code. */
@Entity('regions')
export class Region {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'parent_code', nullable: true })
  parentCode: string | null;
}
