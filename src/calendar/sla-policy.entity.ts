import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How urgent a case is (缓急程度): each has its own SLA. */
export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DURATION_UNITS = ['minutes', 'hours', 'working_days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** How long each stage may take, per priority. One row per priority, seeded with PRODUCT.md's defaults. */
@Entity('sla_policies')
export class SlaPolicy {
  @PrimaryColumn('text')
  priority: Priority;

  @Column('integer', { name: 'dispatch_amount' })
  dispatchAmount: number;

  @Column('text', { name: 'dispatch_unit' })
  dispatchUnit: DurationUnit;

  @Column('integer', { name: 'sign_amount' })
  signAmount: number;

  @Column('text', { name: 'sign_unit' })
  signUnit: DurationUnit;

  @Column('integer', { name: 'reply_amount' })
  replyAmount: number;

  @Column('text', { name: 'reply_unit' })
  replyUnit: DurationUnit;

  @Column('integer', { name: 'callback_amount' })
  callbackAmount: number;

  @Column('text', { name: 'callback_unit' })
  callbackUnit: DurationUnit;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
