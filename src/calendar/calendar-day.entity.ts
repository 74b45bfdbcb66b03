import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A date whose kind differs from the weekday default: a public holiday, or a make-up workday (调休). */
@Entity('calendar_days')
export class CalendarDay {
  /** YYYY-MM-DD, a civil date in Asia/Shanghai. */
  @PrimaryColumn('date')
  date: string;

  @Column('text')
  kind: 'workday' | 'holiday';

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { default: 'admin' })
  source: 'official' | 'admin';

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
