import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalString, MONEY_COLUMN } from '../common/money.js';
import { SyncRun } from './sync-run.entity.js';
import { Workspace } from './workspace.entity.js';

/** A workspace's all-time totals as one sync run left them: the history a workspace page charts. */
@Entity('snapshots')
@Index('UQ_snapshots_run_workspace', ['syncRunId', 'workspaceId'], { unique: true })
@Index('IDX_snapshots_workspace_taken', ['workspaceId', 'takenAt'])
export class Snapshot {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  syncRunId: string;

  @ManyToOne(() => SyncRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_run_id' })
  syncRun?: SyncRun;

  @Column({ type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  takenAt: Date;

  @Column({ type: 'integer' })
  calls: number;

  @Column({ type: 'numeric', precision: 18, scale: 4, transformer: decimalString })
  minutes: string;

  @Column(MONEY_COLUMN)
  twilioCost: string;

  @Column(MONEY_COLUMN)
  elevenlabsCost: string;

  @Column(MONEY_COLUMN)
  totalCost: string;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  @Column({ type: 'integer', default: 0 })
  unpricedCalls: number;

  @Column({ type: 'integer', default: 0 })
  estimatedCalls: number;
}
