import { isCurrencyCode } from '../common/input-rules.js';
import { isCalendarDate } from '../reporting/periods.js';
import { EUR_RATE } from './dto/exchange-rate.dto.js';

/** A currency, day or rate a person typed that cannot be stored; `field` names what to fix. */
export class RateInputError extends Error {
  override readonly name = 'RateInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// The euro's first day; after 2999 is a typo, not a plan.
const FIRST_DAY = '1999-01-01';
const LAST_DAY = '2999-12-31';

/** An ISO 4217 code, upper-cased. Shared by the API and the panel so both refuse the same input. */
export function currencyOf(raw: unknown, field = 'currency'): string {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) throw new RateInputError(field, `${field} must be a three-letter ISO 4217 code such as USD`);
  if (!isCurrencyCode(code)) throw new RateInputError(field, `${field} '${code}' is not an ISO 4217 currency`);
  return code;
}

/** A currency that takes a rate: EUR is 1 by definition. */
export function ratedCurrencyOf(raw: unknown, field = 'currency'): string {
  const code = currencyOf(raw, field);
  if (code === 'EUR') throw new RateInputError(field, 'EUR is 1 by definition: it takes no rate');
  return code;
}

export function dayOf(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !isCalendarDate(raw)) throw new RateInputError(field, `${field} must be a calendar day as YYYY-MM-DD`);
  if (raw < FIRST_DAY || raw > LAST_DAY) throw new RateInputError(field, `${field} must be between ${FIRST_DAY} and ${LAST_DAY}`);
  return raw;
}

export function eurRateOf(raw: unknown, field = 'eurRate'): string {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!EUR_RATE.test(value)) {
    throw new RateInputError(field, `${field} must be a positive decimal with at most 10 integer digits and 8 decimals, such as 1.0512`);
  }
  return value;
}
