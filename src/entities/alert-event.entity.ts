import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';
import { AlertRule } from './alert-rule.entity.js';

export enum AlertEventStatus {
  /** Not yet accepted by Slack; being posted while `claimedUntil` is in the future. */
  Pending = 'pending',
  Sent = 'sent',
}

/** One firing of a rule for one period and tier; the unique key is what makes it fire once. */
@Entity('alert_events')
@Index('UQ_alert_events_rule_period_tier', ['ruleId', 'periodKey', 'tier'], { unique: true })
export class AlertEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ruleId: string;

  @ManyToOne(() => AlertRule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_id' })
  rule?: AlertRule;

  /** The period it fired for, e.g. `2026-11`, `2026-W48`, `2026-11-26`; `<account SID>/<day>` for ledger drift. */
  @Column({ type: 'varchar', length: 64 })
  periodKey: string;

  /** The tier percentage, or 0 for kinds without tiers. */
  @Column({ type: 'integer', default: 0 })
  tier: number;

  @Column({ type: 'enum', enum: AlertEventStatus, enumName: 'alert_event_status', default: AlertEventStatus.Pending })
  status: AlertEventStatus;

  @Column(MONEY_COLUMN)
  value: string;

  @Column(MONEY_COLUMN)
  threshold: string;

  /** What the alert says: its notice as JSON (src/alerts/alert-notice.ts), worded for Slack only when posted. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /**
   * The lease of the evaluator posting it: nobody else posts it before then. A process that dies
   * between claim and post holds it only this long, then the next evaluation sends it.
   */
  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** Why Slack did not take the last attempt; null once sent. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
