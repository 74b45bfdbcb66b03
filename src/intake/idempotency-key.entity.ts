import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An intake request made with an `Idempotency-Key` and the case it created: a retry replays that case. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** Whose key: a user id, or `public` for citizens' letters. */
  @PrimaryColumn('text')
  scope: string;

  @PrimaryColumn('text')
  key: string;

  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('uuid', { name: 'case_id' })
  caseId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
