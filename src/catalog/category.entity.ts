import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A subject category (事项分类); codes are dotted paths, e.g. `environment.noise` under `environment`. */
@Entity('categories')
export class Category {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'parent_code', nullable: true })
  parentCode: string | null;
}
