import { isCurrencyCode } from '../common/input-rules.js';
import { isCalendarDate, isCalendarMonth, type PeriodSpec } from '../reporting/periods.js';

export type Lang = 'es' | 'en';

/** Longest "Nd" accepted: the reporting module's own limit is about three years. */
export const MAX_DAYS = 1000;

/**
 * What `/costs <text>` asks for. `lang` is the language the words were typed in, when they tell
 * (`hoy` is Spanish, `today` English, `acme 2026-10` neither): the reply follows the requester.
 */
export type CostsCommand =
  /** Today and month to date; all workspaces or one. */
  | { kind: 'overview'; workspace: string | null; currency: string | null; lang: Lang | null }
  | { kind: 'report'; workspace: string | null; period: PeriodSpec; currency: string | null; lang: Lang | null }
  /** Against the previous period by the calendar (default: month to date). */
  | { kind: 'compare'; workspace: string | null; period: PeriodSpec; currency: string | null; lang: Lang | null }
  | { kind: 'help'; lang: Lang | null }
  /** Not understood: answer with the usage line, naming what was wrong. */
  | { kind: 'usage'; problem: string; lang: Lang | null };

const WORDS: Record<string, { lang: Lang; period?: PeriodSpec; verb?: 'compare' | 'help' }> = {
  today: { lang: 'en', period: { kind: 'today' } },
  hoy: { lang: 'es', period: { kind: 'today' } },
  yesterday: { lang: 'en', period: { kind: 'yesterday' } },
  ayer: { lang: 'es', period: { kind: 'yesterday' } },
  week: { lang: 'en', period: { kind: 'week' } },
  semana: { lang: 'es', period: { kind: 'week' } },
  month: { lang: 'en', period: { kind: 'month' } },
  mes: { lang: 'es', period: { kind: 'month' } },
  'last-month': { lang: 'en', period: { kind: 'last-month' } },
  'mes-pasado': { lang: 'es', period: { kind: 'last-month' } },
  compare: { lang: 'en', verb: 'compare' },
  comparar: { lang: 'es', verb: 'compare' },
  help: { lang: 'en', verb: 'help' },
  ayuda: { lang: 'es', verb: 'help' },
};

/**
 * The euro and the currencies the ECB publishes rates for: the ones people type in lower case too.
 * Any other ISO 4217 code counts only in capitals, so everyday words that happen to be codes (`all`
 * is Albania's lek, `top` Tonga's paʻanga) are not read as currencies.
 */
const TYPED_CURRENCIES = new Set('EUR USD JPY BGN CZK DKK GBP HUF PLN RON SEK CHF ISK NOK TRY AUD BRL CAD CNY HKD IDR ILS INR KRW MXN MYR NZD PHP SGD THB ZAR'.split(' '));

function currencyWord(word: string): string | null {
  const code = word.toUpperCase();
  if (!isCurrencyCode(code)) return null;
  return word === code || TYPED_CURRENCIES.has(code) ? code : null;
}

/**
 * Parses the text after `/costs`. Pure: no clock, no database; the workspace is only a name here.
 * `isWorkspace` tells whether words (case-insensitive) are a workspace's slug or name: a word that
 * is one is never read as a currency (see takeCurrency).
 */
export function parseCostsCommand(text: string, isWorkspace: (words: string) => boolean = () => false): CostsCommand {
  const normalized = text
    .trim()
    .replace(/\blast\s+month\b/gi, 'last-month')
    .replace(/\bmes\s+pasado\b/gi, 'mes-pasado');
  const tokens = normalized.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { kind: 'overview', workspace: null, currency: null, lang: null };

  const first = WORDS[tokens[0].toLowerCase()];
  let lang: Lang | null = first?.lang ?? null;
  if (first?.verb === 'help') return { kind: 'help', lang };
  const compare = first?.verb === 'compare';
  const { words: rest, currency } = takeCurrency(compare ? tokens.slice(1) : tokens, isWorkspace);
  if (rest.length === 0) return compare ? { kind: 'compare', workspace: null, period: { kind: 'month' }, currency, lang } : { kind: 'overview', workspace: null, currency, lang };

  // The period, if any, is the last word: workspace names may hold spaces.
  const last = rest[rest.length - 1];
  const period = parsePeriod(last);
  if ('problem' in period) return { kind: 'usage', problem: period.problem, lang };
  lang ??= period.lang;
  const workspaceWords = period.spec ? rest.slice(0, -1) : rest;
  const workspace = workspaceWords.length ? workspaceWords.join(' ') : null;
  if (workspace && workspaceWords.some((w) => WORDS[w.toLowerCase()]?.verb)) {
    return { kind: 'usage', problem: `'${workspace}'`, lang };
  }
  if (compare) return { kind: 'compare', workspace, period: period.spec ?? { kind: 'month' }, currency, lang };
  if (!period.spec) return { kind: 'overview', workspace, currency, lang };
  return { kind: 'report', workspace, period: period.spec, currency, lang };
}

/**
 * The currency the answer is asked in, if a word names one, and the words left. A currency is an ISO
 * 4217 code (`EUR`, `mxn`: see TYPED_CURRENCIES) at the end (`acme month EUR`), just before the period
 * (`acme eur month`) or first (`eur acme`). A workspace wins a clash: a code that is a workspace's
 * slug or name (a workspace `cup`), or completes one (`Casa EUR`), is read as the workspace.
 */
function takeCurrency(words: string[], isWorkspace: (words: string) => boolean): { words: string[]; currency: string | null } {
  const last = words.length - 1;
  const periodLast = last >= 0 && isPeriod(words[last]);
  const named = periodLast ? words.slice(0, -1) : words;
  for (const i of [last, periodLast ? last - 1 : -1, 0]) {
    if (i < 0 || i > last) continue;
    const code = currencyWord(words[i]);
    if (code === null) continue;
    if (isWorkspace(words[i]) || isWorkspace(named.join(' '))) continue;
    return { words: words.filter((_, j) => j !== i), currency: code };
  }
  return { words, currency: null };
}

function isPeriod(token: string): boolean {
  const p = parsePeriod(token);
  return 'problem' in p || p.spec !== null;
}

/** A period word, nothing (a workspace name), or a problem when it looks like a period but is not one. */
function parsePeriod(token: string): { spec: PeriodSpec | null; lang: Lang | null } | { problem: string } {
  const word = WORDS[token.toLowerCase()];
  if (word?.period) return { spec: word.period, lang: word.lang };
  const days = /^(\d+)d$/i.exec(token);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 && n <= MAX_DAYS ? { spec: { kind: 'days', days: n }, lang: null } : { problem: `'${token}' (1d to ${MAX_DAYS}d)` };
  }
  if (/^\d{4}-\d{2}$/.test(token)) {
    return isCalendarMonth(token) ? { spec: { kind: 'calendar-month', month: token }, lang: null } : { problem: `'${token}'` };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(token);
  if (range) {
    const [, from, to] = range;
    if (!isCalendarDate(from) || !isCalendarDate(to) || from > to) return { problem: `'${token}'` };
    return { spec: { kind: 'range', from, to }, lang: null };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(token)) {
    return isCalendarDate(token) ? { spec: { kind: 'range', from: token, to: token }, lang: null } : { problem: `'${token}'` };
  }
  // Anything else starting with a digit or holding '..' was meant as a period.
  if (/^\d/.test(token) || token.includes('..')) return { problem: `'${token}'` };
  return { spec: null, lang: null };
}
