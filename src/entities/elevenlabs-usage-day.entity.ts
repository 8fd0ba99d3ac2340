import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { decimalString } from '../common/money.js';
import { Workspace } from './workspace.entity.js';

/**
 * ElevenLabs' own daily credits for a workspace's API key (workspace usage analytics, every product,
 * UTC day), reconciled against the credits of our conversations on that day.
 */
@Entity('elevenlabs_usage_days')
export class ElevenlabsUsageDay {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @PrimaryColumn({ type: 'date' })
  day: string;

  /** The vendor documents fractional credits ("125.5"); 6 decimals keep them exact. */
  @Column({ type: 'numeric', precision: 22, scale: 6, transformer: decimalString })
  credits: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;
}
