import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const HOTSPOT_STATUSES = ['active', 'ended'] as const;
export type HotspotStatus = (typeof HOTSPOT_STATUSES)[number];

/** How spikes are told from the usual traffic (热点研判规则): one row, administered. */
@Entity('hotspot_policy')
export class HotspotPolicy {
  @PrimaryColumn('text', { default: 'city' })
  scope: 'city';

  /** The sliding window, in minutes (default 120). */
  @Column('integer', { name: 'window_minutes', default: 120 })
  windowMinutes: number;

  /** The fewest cases in the window that make a hotspot (default 5). */
  @Column('integer', { default: 5 })
  threshold: number;

  /** How many standard deviations above the history's mean the window must be (default 3). */
  @Column('double precision', { default: 3 })
  sigmas: number;

  /** How many previous days' same clock-time windows make the history (default 28). */
  @Column('integer', { name: 'history_days', default: 28 })
  historyDays: number;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/** A spike of one category in one county-level region (热点). */
@Entity('hotspots')
export class Hotspot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'category_code' })
  categoryCode: string;

  /** A county-level region (区、县、县级市). */
  @Column('text', { name: 'region_code' })
  regionCode: string;

  @Column('text', { default: 'active' })
  status: HotspotStatus;

  /** Start of the window that made it a hotspot. */
  @Column('timestamptz', { name: 'window_start' })
  windowStart: Date;

  /** End of the last window in which it still stood out (the detection's, then each time cases joined, then its end). */
  @Column('timestamptz', { name: 'window_end' })
  windowEnd: Date;

  @Column('integer', { name: 'window_minutes' })
  windowMinutes: number;

  /** Cases in the hotspot: those of the detecting window and every one that joined while it was active. */
  @Column('integer')
  count: number;

  /** Mean of the same clock-time window over the history days, at detection. */
  @Column('double precision')
  baseline: number;

  /** Their standard deviation. */
  @Column('double precision')
  spread: number;

  /** What the window had to exceed: max(threshold − 1, baseline + sigmas × spread), at detection. */
  @Column('double precision')
  threshold: number;

  @Column('timestamptz', { name: 'detected_at' })
  detectedAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt: Date | null;
}
