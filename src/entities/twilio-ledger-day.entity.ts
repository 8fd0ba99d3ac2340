import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { decimalString, MONEY_COLUMN } from '../common/money.js';

export enum LedgerStatus {
  /** Twilio's figure is explained to the cent and no leg waits for a price. */
  Reconciled = 'reconciled',
  /** Some of our legs still wait for Twilio's price. */
  Pending = 'pending',
  /** More than a cent that neither our legs, unclaimed numbers nor pending prices explain. */
  Drift = 'drift',
}

/**
 * Where the sync left one Twilio account's UTC day: its status, and when the day was last listed
 * account-wide to explain (or repair) a difference. The figures themselves are always computed live
 * by the reporting module; the unexplained amount is kept here for the drift alert and the badge.
 */
@Entity('twilio_ledger_days')
@Index('IDX_twilio_ledger_days_status', ['status', 'day'])
export class TwilioLedgerDay {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  accountSid: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'enum', enum: LedgerStatus, enumName: 'ledger_status' })
  status: LedgerStatus;

  /** Twilio's figure minus ours and the unclaimed numbers', as of `checkedAt`. */
  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: decimalString })
  unexplained: string;

  @Column({ ...MONEY_COLUMN })
  twilioCost: string;

  @Column({ type: 'timestamptz' })
  checkedAt: Date;

  /** Last account-wide listing of the day (the repair); null while it was never needed. */
  @Column({ type: 'timestamptz', nullable: true })
  listedAt: Date | null;

  /** Twilio's figure when the day was listed: a later change in it is a reason to list again. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  listedTwilioCost: string | null;
}
