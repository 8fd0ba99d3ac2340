import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed (and in-flight) panel logins per key (`email:…` or `ip:…`), shared by every replica so
 * that neither parallel attempts nor a second instance multiply an attacker's guesses.
 */
@Entity('admin_login_attempts')
export class AdminLoginAttempt {
  @PrimaryColumn({ type: 'varchar', length: 320 })
  key: string;

  /** Attempts counted since the window opened: each attempt counts when it starts; a success clears it. */
  @Column({ type: 'integer' })
  attempts: number;

  /** The earliest moment the next attempt may be checked; attempts queue behind each other. */
  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz' })
  lastAttemptAt: Date;
}
