import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Kinds of request (诉求类型). Defined here, with the categories that may imply one; cases re-export them. */
export const KINDS = ['complaint', 'request', 'consultation', 'suggestion', 'report', 'praise'] as const;
export type Kind = (typeof KINDS)[number];

/** A subject category (事项分类); codes are dotted paths, e.g. `environment.noise` under `environment`. */
@Entity('categories')
export class Category {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'parent_code', nullable: true })
  parentCode: string | null;

  /** The kind of request (诉求类型) a call in this category usually is, for the console to preselect; inherited by subcategories. */
  @Column('text', { name: 'default_kind', nullable: true })
  defaultKind: Kind | null;
}
