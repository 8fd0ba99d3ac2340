import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalString } from '../common/money.js';
import { Workspace } from './workspace.entity.js';

/**
 * The money value of one ElevenLabs credit from a date on, globally (workspace null) or for one
 * workspace. A plan change adds a row; past months keep the rate they were priced at.
 */
@Entity('credit_rates')
@Index('UQ_credit_rates_global_from', ['effectiveFrom'], { unique: true, where: 'workspace_id IS NULL' })
@Index('UQ_credit_rates_workspace_from', ['workspaceId', 'effectiveFrom'], { unique: true, where: 'workspace_id IS NOT NULL' })
export class CreditRate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace | null;

  /** First day (inclusive, UTC calendar date) on which this rate applies. */
  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'numeric', precision: 18, scale: 10, transformer: decimalString })
  pricePerCredit: string;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
