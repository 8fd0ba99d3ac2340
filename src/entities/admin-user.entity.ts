import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AdminRole {
  Admin = 'admin',
  Viewer = 'viewer',
}

@Entity('admin_users')
export class AdminUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased so logins are case-insensitive. */
  @Index('UQ_admin_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: AdminRole, enumName: 'admin_role', default: AdminRole.Viewer })
  role: AdminRole;

  /**
   * Bumped when the password or role changes: a session signed in under another version has ended
   * (the panel reads this on every request).
   */
  @Column({ type: 'integer', default: 1 })
  sessionVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
