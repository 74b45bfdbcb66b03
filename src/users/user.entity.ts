import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { Role } from '../auth/roles';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: Role;

  @Column('uuid', { name: 'department_id', nullable: true })
  departmentId: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('integer', { name: 'failed_login_count', default: 0 })
  failedLoginCount: number;

  @Column('timestamptz', { name: 'login_blocked_until', nullable: true })
  loginBlockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
