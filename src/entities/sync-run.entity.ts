import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { SyncRunSource } from './sync-run-source.entity.js';

export enum SyncTrigger {
  Schedule = 'schedule',
  Api = 'api',
  Cli = 'cli',
  Admin = 'admin',
}

export enum SyncStatus {
  Running = 'running',
  Succeeded = 'succeeded',
  Partial = 'partial',
  Failed = 'failed',
}

/** One sync, however it was started; its per-workspace, per-source progress lives in SyncRunSource. */
@Entity('sync_runs')
@Index('IDX_sync_runs_started', ['startedAt'])
export class SyncRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: SyncTrigger, enumName: 'sync_trigger' })
  trigger: SyncTrigger;

  @Column({ type: 'enum', enum: SyncStatus, enumName: 'sync_status', default: SyncStatus.Running })
  status: SyncStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Why the run as a whole failed (a lost database connection, say); per-source errors are on the sources. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @OneToMany('SyncRunSource', 'syncRun')
  sources?: SyncRunSource[];
}
