import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An app an administrator let submit through Open311 GeoReport v2 (a WeChat mini-program, a neighbourhood app). */
@Entity('open311_clients')
export class Open311Client {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** SHA-256 (hex) of its api_key: the key itself is shown once, at registration, and never kept. */
  @Column('text', { name: 'key_hash' })
  keyHash: string;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
