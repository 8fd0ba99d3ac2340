import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { decimalString, MONEY_COLUMN } from '../common/money.js';
import { Workspace } from './workspace.entity.js';

export enum AlertMetric {
  TotalCost = 'total_cost',
  TwilioCost = 'twilio_cost',
  ElevenlabsCost = 'elevenlabs_cost',
  Calls = 'calls',
  Minutes = 'minutes',
  CostPerMinute = 'cost_per_minute',
}

export enum AlertPeriod {
  Day = 'day',
  Week = 'week',
  Month = 'month',
}

export enum AlertKind {
  /** The period's actual value crossed a tier of the budget. */
  Threshold = 'threshold',
  /** The month-end forecast from the run rate exceeds the budget. */
  Forecast = 'forecast',
  /** A day over `spikeMultiplier` × the trailing 7-day average. */
  Spike = 'spike',
  /** Cost per minute drifted more than `driftPercent` from its trailing average. */
  UnitCost = 'unit_cost',
  /** A closed day whose Twilio bill still differs from our legs after the sync re-listed it (once per account and day). */
  LedgerDrift = 'ledger_drift',
}

@Entity('alert_rules')
@Check('CHK_alert_rules_currency', `currency ~ '^[A-Z]{3}$'`)
export class AlertRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Null: all workspaces together. */
  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace | null;

  @Column({ type: 'enum', enum: AlertKind, enumName: 'alert_kind', default: AlertKind.Threshold })
  kind: AlertKind;

  @Column({ type: 'enum', enum: AlertMetric, enumName: 'alert_metric', default: AlertMetric.TotalCost })
  metric: AlertMetric;

  @Column({ type: 'enum', enum: AlertPeriod, enumName: 'alert_period', default: AlertPeriod.Month })
  period: AlertPeriod;

  /** In `currency` for the money metrics. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  budget: string | null;

  /**
   * ISO 4217: the currency the rule's budget is in and its money metrics are measured in. Null: the
   * workspace's own (its client's), or REPORT_CURRENCY for a rule over all workspaces (ruleCurrency).
   */
  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  /** Percentages of the budget that each fire once per period, e.g. {50,80,100}. */
  @Column({ type: 'integer', array: true, default: () => "'{100}'" })
  tiers: number[];

  @Column({ type: 'numeric', precision: 8, scale: 3, nullable: true, transformer: decimalString })
  spikeMultiplier: string | null;

  @Column({ type: 'numeric', precision: 8, scale: 3, nullable: true, transformer: decimalString })
  driftPercent: string | null;

  @Column({ type: 'varchar', length: 80 })
  slackChannel: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
