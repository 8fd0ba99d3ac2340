import { Decimal } from 'decimal.js';
import type { ValueTransformer } from 'typeorm';

/**
 * Money never passes through a JS number. PostgreSQL `numeric` reaches us as a string; sums are done in
 * SQL or with decimal.js, and leave as decimal strings.
 */

/** Keeps `numeric` columns as strings (the pg driver's own form), normalising what we write. */
export const decimalString: ValueTransformer = {
  to: (value: string | null | undefined) => (value === undefined || value === null ? value : new Decimal(value).toFixed()),
  from: (value: string | null) => value,
};

/** An exact amount without the column's trailing zeros ("0.2326800000" → "0.23268"); null stays null. */
export function plainDecimal<T extends string | null>(value: T): T {
  return (value === null ? null : new Decimal(value).toFixed()) as T;
}

export function sumDecimals(values: Iterable<string | null | undefined>): string {
  let total = new Decimal(0);
  for (const v of values) if (v !== null && v !== undefined) total = total.plus(v);
  return total.toFixed();
}

export function multiply(a: string, b: string | number): string {
  return new Decimal(a).times(b).toFixed();
}

/** Rounds half away from zero to `places`, as finance reports show money. */
export function roundMoney(value: string, places = 2): string {
  return new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

export { Decimal };

/**
 * Every money column: 10 decimals hold sub-cent vendor prices and credits × a 10-decimal credit rate
 * exactly, 12 integer digits hold any total we will meet.
 */
export const MONEY_COLUMN = { type: 'numeric', precision: 22, scale: 10, transformer: decimalString } as const;
