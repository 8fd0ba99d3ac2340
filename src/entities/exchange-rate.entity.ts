import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { decimalString } from '../common/money.js';

export enum ExchangeRateSource {
  Ecb = 'ecb',
  Manual = 'manual',
}

/**
 * Euro reference rates, effective-dated: 1 EUR = `eurRate` units of `currency` from `day` on, until
 * the next day that has a rate. Both sources keep their own row for a day (unique currency, day,
 * source) so a re-import never overwrites a hand-entered rate and removing the manual one brings the
 * ECB's back; readers prefer `manual` over `ecb` for the same day. EUR has no rows: it is 1 by
 * definition. The surrogate id is for the admin panel, which addresses a record by one key.
 */
@Entity('exchange_rates')
@Index('UQ_exchange_rates_currency_day_source', ['currency', 'day', 'source'], { unique: true })
export class ExchangeRate {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** ISO 4217, upper case. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  /** The day the rate was published for (UTC calendar date). */
  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'enum', enum: ExchangeRateSource, enumName: 'exchange_rate_source' })
  source: ExchangeRateSource;

  @Column({ type: 'numeric', precision: 18, scale: 8, transformer: decimalString })
  eurRate: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
