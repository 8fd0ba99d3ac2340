/*
 * Money and numbers for people to read, in their language: the one formatter behind Slack's messages
 * and the admin panel. The panel's React components import this file too (AdminJS's rollup bundles it
 * for the browser), so it imports nothing and touches nothing of Node's.
 *
 * Amounts arrive as exact decimal strings ("0.5127210000") and Intl formats the string itself: no
 * float on the way, rounded half away from zero (Intl's default, as roundMoney in money.ts rounds).
 */

/** The currency every amount is in until a report says otherwise. */
export const DEFAULT_CURRENCY = 'USD';

const LOCALES: Record<string, string> = { es: 'es-ES', en: 'en-US' };

/** The Intl locale of one of our languages (es, en); English for any other. */
export function localeOf(lang: string | undefined): string {
  return (lang && LOCALES[lang]) || LOCALES.en;
}

type Amount = string | number | null | undefined;

/** An exact decimal string (or a count) as Intl takes it without going through a float. */
function exact(value: string | number): number | Intl.StringNumericLiteral {
  return typeof value === 'number' ? value : (value.trim() as Intl.StringNumericLiteral);
}

const missing = (value: Amount): value is null | undefined | '' => value === null || value === undefined || value === '';

export interface MoneyFormat {
  /** ISO 4217 code; USD unless given. */
  currency?: string;
  /** Decimals shown, 2 unless given (a cost per minute reads better with 4). */
  digits?: number;
}

/** "0,51 US$" in Spanish, "$0.51" in English; "—" for no amount. */
export function formatMoney(amount: Amount, lang: string, { currency = DEFAULT_CURRENCY, digits = 2 }: MoneyFormat = {}): string {
  if (missing(amount)) return '—';
  return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(exact(amount));
}

/**
 * One call's amount in a list: cents, unless it is a fraction of a cent (a short call's Twilio
 * price), which shows four decimals rather than a rounded "0,00" or "0,01".
 */
export function formatCallMoney(amount: Amount, lang: string, currency = DEFAULT_CURRENCY): string {
  if (missing(amount)) return '—';
  const size = Math.abs(Number(amount)); // only to choose the decimals shown, never to show
  return formatMoney(amount, lang, { currency, digits: size > 0 && size < 0.01 ? 4 : 2 });
}

/** "12.345" in Spanish (four digits ungrouped, as Spanish writes them), "12,345" in English; `digits` decimals exactly. */
export function formatNumber(value: Amount, lang: string, digits = 0): string {
  if (missing(value)) return '—';
  return new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(exact(value));
}

/** A percentage given in percent (12.5 → "12,5 %" in Spanish, "12.5%" in English), up to `digits` decimals. */
export function formatPercent(percent: Amount, lang: string, digits = 1): string {
  if (missing(percent)) return '—';
  // Intl's percent style multiplies by 100; a decimal string is scaled exactly by moving its point.
  const fraction = typeof percent === 'number' ? percent / 100 : `${percent.trim()}e-2`;
  return new Intl.NumberFormat(localeOf(lang), { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(fraction as Intl.StringNumericLiteral);
}
