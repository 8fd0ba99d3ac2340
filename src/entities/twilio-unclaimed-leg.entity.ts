import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';

/**
 * A leg Twilio billed on one of the account's numbers that no workspace claims, found by listing a
 * day account-wide. Kept by number so a person sees which number costs money and belongs to nobody.
 * A day's rows are replaced each time the day is listed.
 */
@Entity('twilio_unclaimed_legs')
@Index('IDX_twilio_unclaimed_legs_account_day', ['accountSid', 'day'])
export class TwilioUnclaimedLeg {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  sid: string;

  @Column({ type: 'varchar', length: 34 })
  accountSid: string;

  /** UTC day of its start, as Twilio's daily Usage Records count it. */
  @Column({ type: 'date' })
  day: string;

  /** The account's side of the leg: the number called (inbound) or calling (outbound). */
  @Column({ type: 'varchar', length: 32 })
  number: string;

  @Column({ type: 'varchar', length: 34, nullable: true })
  parentCallSid: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'integer', default: 0 })
  durationSeconds: number;

  /** Null while Twilio has not priced it. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  cost: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  priceUnit: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;
}
