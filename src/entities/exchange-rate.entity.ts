import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { decimalString } from '../common/money.js';

export enum ExchangeRateSource {
  Ecb = 'ecb',
  Manual = 'manual',
}

/**
 * Euro reference rates, effective-dated: 1 EUR = `eurRate` units of `currency` from `day` on, until
 * the next day that has a rate. Both sources keep their own row for a day (key currency, day, source)
 * so a re-import never overwrites a hand-entered rate and removing the manual one brings the ECB's
 * back; readers prefer `manual` over `ecb` for the same day. EUR has no rows: it is 1 by definition.
 */
@Entity('exchange_rates')
export class ExchangeRate {
  /** ISO 4217, upper case. */
  @PrimaryColumn({ type: 'char', length: 3 })
  currency: string;

  /** The day the rate was published for (UTC calendar date). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'enum', enum: ExchangeRateSource, enumName: 'exchange_rate_source' })
  source: ExchangeRateSource;

  @Column({ type: 'numeric', precision: 18, scale: 8, transformer: decimalString })
  eurRate: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
