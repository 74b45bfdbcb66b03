import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FlagKind } from './dto/callers.dto';

/** A supervisor's mark on a phone number: abusive (恶意骚扰) or vulnerable (needs care). One per number. */
@Entity('caller_flags')
export class CallerFlag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  phone: string;

  @Column('text')
  kind: FlagKind;

  @Column('text')
  reason: string;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('uuid', { name: 'set_by', nullable: true })
  setBy: string | null;

  @Column('timestamptz', { name: 'set_at' })
  setAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
