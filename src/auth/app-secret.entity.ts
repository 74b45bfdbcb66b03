import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Secrets generated once and shared by every instance on the same database (e.g. the JWT signing key). */
@Entity('app_secrets')
export class AppSecret {
  @PrimaryColumn('text')
  name: string;

  @Column('text')
  value: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
