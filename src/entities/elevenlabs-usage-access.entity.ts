import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Workspace } from './workspace.entity.js';

export enum UsageAccess {
  Ok = 'ok',
  /** The key lacks the permission to read usage analytics: a state of the key to show, not a failure. */
  Forbidden = 'forbidden',
  Failed = 'failed',
}

/** How the last read of a workspace's ElevenLabs usage analytics went, so a page can say why figures are missing. */
@Entity('elevenlabs_usage_access')
export class ElevenlabsUsageAccess {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ type: 'enum', enum: UsageAccess, enumName: 'elevenlabs_usage_access_status' })
  access: UsageAccess;

  /** The vendor's message when forbidden, the error when failed (secrets redacted); null when ok. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz' })
  checkedAt: Date;
}
