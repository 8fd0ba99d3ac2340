import { Decimal } from 'decimal.js';
import { DEFAULT_CURRENCY, formatMoney as formatAmount } from '../common/money-format.js';
import { type Figures, provisionalShares } from '../reporting/report-figures.js';
import type { Lang } from './costs-command.parser.js';

const TEXT = {
  es: {
    costs: 'Costes',
    costsIn: (currency: string) => `Costes en ${currency}`,
    staleRate: (currency: string, publishedOn: string, days: string) =>
      `:warning: Tipo de ${currency} del ${publishedOn} usado para ${days}: el BCE no publica desde hace más de 7 días`,
    allWorkspaces: 'todos los workspaces',
    today: 'Hoy',
    period: 'Periodo',
    monthToDate: 'Mes en curso',
    calls: 'Llamadas',
    minutes: 'Minutos',
    total: 'Total',
    costPerMinute: 'Coste/min',
    previousPeriod: 'Periodo anterior',
    forecast: 'Previsión fin de mes',
    topWorkspaces: 'Workspaces con más gasto',
    openPanel: 'Abrir el panel',
    noCalls: 'Sin llamadas en el periodo.',
    pricePending: (share: string) => `${share} de llamadas pendiente de precio de Twilio`,
    costEstimated: (share: string) => `${share} de llamadas con coste de ElevenLabs estimado`,
    usage:
      'Uso: `/costs [hoy|ayer|semana|mes|mes-pasado|7d|30d|AAAA-MM|AAAA-MM-DD..AAAA-MM-DD] [moneda]`, `/costs <workspace> [periodo] [moneda]`, `/costs comparar [periodo] [moneda]`, `/costs ayuda`',
    badPeriod: (what: string) => `No entiendo el periodo ${what}.`,
    unknownWorkspace: (q: string) => `No hay ningún workspace «${q}».`,
    didYouMean: '¿Quizás?',
    missingRate: (target: string, currency: string, day: string) =>
      `No puedo dar los costes en ${target}: no hay tipo de cambio de ${currency} del ${day} ni de ningún día anterior. Un administrador puede añadirlo en el panel (Tipos de cambio).`,
    noWorkspaces: 'Todavía no hay workspaces.',
    notAllowed: 'No tienes permiso para consultar costes aquí.',
    failed: 'No he podido calcular los costes ahora mismo. Inténtalo de nuevo en un momento.',
    working: 'Calculando… te respondo aquí en unos segundos.',
    helpTitle: 'Costes de llamadas en Slack',
    help: [
      '`/costs` — hoy y el mes en curso, todos los workspaces',
      '`/costs <periodo>` — hoy, ayer, semana, mes, mes-pasado, 7d, 30d, `2026-10`, `2026-10-01..2026-10-15`',
      '`/costs <workspace> [periodo]` — por slug o nombre, sin distinguir mayúsculas',
      '`/costs comparar [periodo]` — frente al periodo anterior del calendario (el mes, la semana o el día anterior; si sigue en curso, hasta la misma hora)',
      '`/costs … <moneda>` — en otra moneda, por su código ISO 4217 (`/costs acme mes EUR`, `/costs comparar mxn`), al tipo del BCE de cada día. Sin moneda, un workspace responde en la de su cliente y todos los workspaces en la de los informes. Un código que es también el slug de un workspace se lee como el workspace.',
      'También en inglés: today, yesterday, week, month, last-month, compare, help.',
    ],
  },
  en: {
    costs: 'Costs',
    costsIn: (currency: string) => `Costs in ${currency}`,
    staleRate: (currency: string, publishedOn: string, days: string) => `:warning: ${currency} rate of ${publishedOn} used for ${days}: no newer rate for more than 7 days`,
    allWorkspaces: 'all workspaces',
    today: 'Today',
    period: 'Period',
    monthToDate: 'Month to date',
    calls: 'Calls',
    minutes: 'Minutes',
    total: 'Total',
    costPerMinute: 'Cost/min',
    previousPeriod: 'Previous period',
    forecast: 'Month-end forecast',
    topWorkspaces: 'Top workspaces by spend',
    openPanel: 'Open the panel',
    noCalls: 'No calls in the period.',
    pricePending: (share: string) => `${share} of calls awaiting Twilio's price`,
    costEstimated: (share: string) => `${share} of calls at an estimated ElevenLabs cost`,
    usage:
      'Usage: `/costs [today|yesterday|week|month|last-month|7d|30d|YYYY-MM|YYYY-MM-DD..YYYY-MM-DD] [currency]`, `/costs <workspace> [period] [currency]`, `/costs compare [period] [currency]`, `/costs help`',
    badPeriod: (what: string) => `I do not understand the period ${what}.`,
    unknownWorkspace: (q: string) => `There is no workspace "${q}".`,
    didYouMean: 'Did you mean',
    missingRate: (target: string, currency: string, day: string) =>
      `I cannot give the costs in ${target}: there is no exchange rate for ${currency} on or before ${day}. An admin can add one in the panel (Exchange rates).`,
    noWorkspaces: 'There are no workspaces yet.',
    notAllowed: 'You are not allowed to ask for costs here.',
    failed: 'I could not work out the costs just now. Please try again in a moment.',
    working: 'Working on it… I will answer here in a few seconds.',
    helpTitle: 'Call costs in Slack',
    help: [
      '`/costs` — today and month to date, all workspaces',
      '`/costs <period>` — today, yesterday, week, month, last-month, 7d, 30d, `2026-10`, `2026-10-01..2026-10-15`',
      '`/costs <workspace> [period]` — by slug or name, case-insensitive',
      '`/costs compare [period]` — against the previous period on the calendar (the month, week or day before; while it runs, up to the same time)',
      "`/costs … <currency>` — in another currency, by its ISO 4217 code (`/costs acme month EUR`, `/costs compare mxn`), at the ECB rate of each day. Without one, a workspace answers in its client's currency and all workspaces in the reports' currency. A code that is also a workspace's slug reads as the workspace.",
      'In Spanish too: hoy, ayer, semana, mes, mes-pasado, comparar, ayuda.',
    ],
  },
} as const;

export type Texts = (typeof TEXT)[Lang];

export function texts(lang: Lang): Texts {
  return TEXT[lang];
}

const LOCALE: Record<Lang, string> = { es: 'es-ES', en: 'en-US' };

/** Money for reading: 2 decimals (cost per minute: 4), rounded half-up from the exact decimal string. */
export function formatMoney(lang: Lang, amount: string | null, decimals = 2, currency = DEFAULT_CURRENCY): string {
  return formatAmount(amount, lang, { currency, digits: decimals });
}

export function formatNumber(lang: Lang, value: string | number, decimals = 0): string {
  const n = new Decimal(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toNumber();
  return new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true }).format(n);
}

/** "+12.3 %" / "−4.0 %", or "—" when there was nothing before to compare with. */
export function formatPercent(lang: Lang, percent: string | null): string {
  if (percent === null) return '—';
  const p = new Decimal(percent);
  const sign = p.isPositive() && !p.isZero() ? '+' : p.isNegative() ? '−' : '';
  return `${sign}${formatNumber(lang, p.abs().toFixed(), 1)} %`;
}

/** A share of calls (0.0040) as "0,4 %"; a share too small to show reads "< 0,1 %", never "0,0 %". */
export function formatShare(lang: Lang, share: string): string {
  const percent = new Decimal(share).times(100);
  if (percent.isPositive() && !percent.isZero() && percent.lt(0.05)) return `< ${formatNumber(lang, '0.1', 1)} %`;
  return `${formatNumber(lang, percent.toFixed(), 1)} %`;
}

/**
 * What is still provisional in a total, for the words beside it: Twilio's part waits for prices,
 * ElevenLabs' part may be estimated, the total carries both. Null when fully priced (no label).
 */
export function provisionalNote(lang: Lang, f: Pick<Figures, 'calls' | 'unpricedCalls' | 'estimatedCalls'>, part: 'twilio' | 'elevenlabs' | 'total'): string | null {
  const t = texts(lang);
  const shares = provisionalShares(f);
  const notes = [
    part !== 'elevenlabs' && shares.unpriced !== null ? t.pricePending(formatShare(lang, shares.unpriced)) : null,
    part !== 'twilio' && shares.estimated !== null ? t.costEstimated(formatShare(lang, shares.estimated)) : null,
  ].filter((n): n is string => n !== null);
  return notes.length ? notes.join(' · ') : null;
}
