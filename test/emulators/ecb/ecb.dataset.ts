/**
 * A deterministic set of ECB euro reference rates: TARGET business days only (no weekends, no
 * 1 Jan, Good Friday, Easter Monday, 1 May, 25–26 Dec), each currency's rate a fixed function of the
 * day, with the ECB's own number of decimals per currency (USD 4, JPY 2, GBP 5, MXN 4).
 */

export interface DayRates {
  day: string;
  rates: Array<{ currency: string; rate: string }>;
}

const CURRENCIES: Array<{ currency: string; base: number; step: number; decimals: number }> = [
  { currency: 'USD', base: 1.05, step: 0.0001, decimals: 4 },
  { currency: 'JPY', base: 160, step: 0.01, decimals: 2 },
  { currency: 'GBP', base: 0.83, step: 0.00001, decimals: 5 },
  { currency: 'MXN', base: 20.5, step: 0.0001, decimals: 4 },
];

/** The rate of `currency` on `day`, as the emulator publishes it (a day without rates still has a value here). */
export function ecbRate(currency: string, day: string): string {
  const c = CURRENCIES.find((x) => x.currency === currency);
  if (!c) throw new Error(`no ${currency} in the ECB dataset`);
  const n = Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
  // Integer arithmetic in units of `step`, so the string is exact.
  const units = Math.round(c.base / c.step) + ((n * 37) % 251);
  const s = String(units).padStart(c.decimals + 1, '0');
  return `${s.slice(0, s.length - c.decimals)}.${s.slice(s.length - c.decimals)}`;
}

export function isTargetHoliday(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (wd === 0 || wd === 6) return true;
  const md = day.slice(5);
  if (md === '01-01' || md === '05-01' || md === '12-25' || md === '12-26') return true;
  const easter = easterSunday(y);
  return day === shift(easter, -2) || day === shift(easter, 1);
}

/** Publication days in [from, to], newest first (the ECB's order). */
export function ecbDays(from: string, to: string): DayRates[] {
  const out: DayRates[] = [];
  for (let day = to; day >= from; day = shift(day, -1)) {
    if (isTargetHoliday(day)) continue;
    out.push({ day, rates: CURRENCIES.map((c) => ({ currency: c.currency, rate: ecbRate(c.currency, day) })) });
  }
  return out;
}

/** The file as the ECB serves it: gesmes envelope, tabs, single-quoted Cube attributes. */
export function ecbXml(days: DayRates[]): string {
  const cubes = days.map((d) => `\t\t<Cube time='${d.day}'>\n${d.rates.map((r) => `\t\t\t<Cube currency='${r.currency}' rate='${r.rate}'/>`).join('\n')}\n\t\t</Cube>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
${cubes}
\t</Cube>
</gesmes:Envelope>`;
}

export function shift(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
