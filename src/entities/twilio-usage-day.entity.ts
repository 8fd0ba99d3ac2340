import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalString, MONEY_COLUMN } from '../common/money.js';
import { UsageScope } from './twilio-usage-scope.js';

/**
 * Twilio's own daily usage figure for an account, for all its calls or one direction. It covers the
 * whole account, so it is reconciled against the sum of our calls of every workspace on that account.
 */
@Entity('twilio_usage_days')
export class TwilioUsageDay {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  accountSid: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'enum', enum: UsageScope, enumName: 'twilio_usage_scope' })
  scope: UsageScope;

  @Column({ type: 'integer' })
  count: number;

  @Column({ type: 'numeric', precision: 18, scale: 4, transformer: decimalString })
  usage: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  usageUnit: string | null;

  /** What Twilio charged, as a positive amount. */
  @Column(MONEY_COLUMN)
  cost: string;

  @Column({ type: 'char', length: 3 })
  priceUnit: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;
}
