import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SyncRun } from './sync-run.entity.js';
import { SyncStatus } from './sync-run.entity.js';
import { Workspace } from './workspace.entity.js';

export enum SyncSource {
  Twilio = 'twilio',
  Elevenlabs = 'elevenlabs',
  TwilioUsage = 'twilio_usage',
  /** ECB euro reference rates, imported at the start of every run (account-wide: no workspace). */
  EcbRates = 'ecb_rates',
}

/** Progress and outcome of one source for one workspace within a sync run. */
@Entity('sync_run_sources')
@Index('UQ_sync_run_sources_run_ws_source', ['syncRunId', 'workspaceId', 'source'], { unique: true })
export class SyncRunSource {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  syncRunId: string;

  @ManyToOne('SyncRun', 'sources', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_run_id' })
  syncRun?: SyncRun;

  /** Null for account-wide sources (Twilio usage records). */
  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace | null;

  @Column({ type: 'enum', enum: SyncSource, enumName: 'sync_source' })
  source: SyncSource;

  @Column({ type: 'enum', enum: SyncStatus, enumName: 'sync_source_status', default: SyncStatus.Running })
  status: SyncStatus;

  @Column({ type: 'integer', default: 0 })
  pages: number;

  @Column({ type: 'integer', default: 0 })
  rows: number;

  @Column({ type: 'integer', default: 0 })
  errors: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
