import { formatCallMoney, formatMoney, formatNumber, formatPercent, localeOf } from './money-format.js';

// Intl puts a no-break space (U+00A0) between a Spanish amount and its sign.
const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('money-format: money and numbers for reading, per language', () => {
  it('formats an exact decimal string in the language and currency, rounding half away from zero without a float', () => {
    expect(formatMoney('0.5127210000', 'es')).toBe(nb('0,51 US$'));
    expect(formatMoney('0.5127210000', 'en')).toBe('$0.51');
    // 1.005 is 1.00499999... as a float: the exact string rounds up.
    expect(formatMoney('1.005', 'en')).toBe('$1.01');
    expect(formatMoney('-0.125', 'en')).toBe('-$0.13');
    expect(formatMoney('123456789012.125', 'en')).toBe('$123,456,789,012.13');
    expect(formatMoney('1234.5', 'es', { currency: 'EUR' })).toBe(nb('1234,50 €'));
    expect(formatMoney('0.0681', 'es', { digits: 4 })).toBe(nb('0,0681 US$'));
    for (const none of [null, undefined, '']) expect(formatMoney(none, 'es')).toBe('—');
  });

  it("shows a call's fraction of a cent with four decimals instead of 0,00", () => {
    expect(formatCallMoney('0.0012', 'es')).toBe(nb('0,0012 US$'));
    expect(formatCallMoney('0.0068', 'en')).toBe('$0.0068');
    expect(formatCallMoney('0', 'en')).toBe('$0.00');
    expect(formatCallMoney('0.512721', 'en', 'EUR')).toBe('€0.51');
    expect(formatCallMoney(null, 'en')).toBe('—');
  });

  it('formats numbers and percentages per language', () => {
    expect(formatNumber('12345.678', 'es', 1)).toBe('12.345,7');
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatPercent('40.14', 'es')).toBe(nb('40,1 %'));
    expect(formatPercent('40.14', 'en')).toBe('40.1%');
    expect(formatPercent('5.000', 'es')).toBe(nb('5 %'));
    expect(formatPercent(12.55, 'en')).toBe('12.6%');
    expect(formatPercent(null, 'en')).toBe('—');
  });

  it('falls back to English for a language it does not know', () => {
    expect(localeOf('es')).toBe('es-ES');
    expect(localeOf('fr')).toBe('en-US');
    expect(localeOf(undefined)).toBe('en-US');
  });
});
