import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Workspace } from './workspace.entity.js';

/**
 * How far a workspace's source is known complete: everything that started before `syncedUntil`
 * has been stored. Advanced only after a whole window was read and stored.
 */
@Entity('sync_watermarks')
export class SyncWatermark {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  source: string;

  @Column({ type: 'timestamptz' })
  syncedUntil: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
