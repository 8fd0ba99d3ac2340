import { Decimal } from 'decimal.js';
import type { AlertNotice, Contributor, NoticePeriod } from '../alerts/alert-notice.js';
import { AlertMetric, AlertPeriod } from '../entities/alert-rule.entity.js';
import type { Lang } from './costs-command.parser.js';
import { context, header, section } from './costs-messages.js';
import { DEFAULT_CURRENCY } from '../common/money-format.js';
import type { SlackMessage } from './slack.port.js';
import { formatMoney, formatNumber } from './slack-i18n.js';

const METRIC: Record<Lang, Record<AlertMetric, string>> = {
  es: {
    total_cost: 'Coste total',
    twilio_cost: 'Coste de Twilio',
    elevenlabs_cost: 'Coste de ElevenLabs',
    calls: 'Llamadas',
    minutes: 'Minutos',
    cost_per_minute: 'Coste por minuto',
  },
  en: { total_cost: 'Total cost', twilio_cost: 'Twilio cost', elevenlabs_cost: 'ElevenLabs cost', calls: 'Calls', minutes: 'Minutes', cost_per_minute: 'Cost per minute' },
};

const T = {
  es: {
    title: 'Alerta de costes',
    all: 'todos los workspaces',
    top: 'Quién más contribuye',
    panel: 'Abrir el panel',
    rule: 'Regla',
    amountsIn: (currency: string) => `importes en ${currency}`,
    threshold: (m: string, p: string, tier: number, v: string, b: string, pct: string, over: string, line: string) =>
      `*${m}* de ${p} ha alcanzado el *${tier} %* del presupuesto: *${v}* de ${b} (${pct} %), ${over} por encima de la línea del ${tier} % (${line}).`,
    forecast: (m: string, month: string, f: string, b: string, over: string, pct: string, v: string, days: string, inMonth: number) =>
      `*${m}*: la previsión a fin de mes (${month}) es *${f}*, ${over} por encima del presupuesto de ${b} (${pct} %). Lleva ${v} en ${days} de ${inMonth} días.`,
    spike: (m: string, day: string, v: string, x: string, avg: string, mult: string) =>
      `*${m}* del ${day} es *${v}*, ${x}× la media diaria de los 7 días anteriores (${avg}; umbral ${mult}×).`,
    drift: (day: string, v: string, drift: string, avg: string, limit: string) =>
      `*Coste por minuto* del ${day} es *${v}*, ${drift} % frente a la media de los 7 días anteriores (${avg}; margen ±${limit} %).`,
  },
  en: {
    title: 'Cost alert',
    all: 'all workspaces',
    top: 'Top contributors',
    panel: 'Open the panel',
    rule: 'Rule',
    amountsIn: (currency: string) => `amounts in ${currency}`,
    threshold: (m: string, p: string, tier: number, v: string, b: string, pct: string, over: string, line: string) =>
      `*${m}* for ${p} reached *${tier}%* of the budget: *${v}* of ${b} (${pct}%), ${over} over the ${tier}% line (${line}).`,
    forecast: (m: string, month: string, f: string, b: string, over: string, pct: string, v: string, days: string, inMonth: number) =>
      `*${m}*: the month-end forecast (${month}) is *${f}*, ${over} over the budget of ${b} (${pct}%). So far ${v} in ${days} of ${inMonth} days.`,
    spike: (m: string, day: string, v: string, x: string, avg: string, mult: string) =>
      `*${m}* on ${day} is *${v}*, ${x}× the daily average of the 7 days before (${avg}; threshold ${mult}×).`,
    drift: (day: string, v: string, drift: string, avg: string, limit: string) =>
      `*Cost per minute* on ${day} is *${v}*, ${drift}% against the average of the 7 days before (${avg}; limit ±${limit}%).`,
  },
} as const;

/** A metric's value for reading: money (in `currency`), a count, minutes, or money per minute. */
export function formatMetric(lang: Lang, metric: AlertMetric, value: string | Decimal, currency: string): string {
  const v = value instanceof Decimal ? value.toFixed() : value;
  if (metric === AlertMetric.Calls) return formatNumber(lang, v);
  if (metric === AlertMetric.Minutes) return formatNumber(lang, v, 2);
  return formatMoney(lang, v, metric === AlertMetric.CostPerMinute ? 4 : 2, currency);
}

/** The notice's currency; one stored before rules had a currency was in US dollars. */
const currencyOf = (n: AlertNotice): string => n.currency ?? DEFAULT_CURRENCY;

/** "this month (2026-11: 2026-11-01 → 2026-11-26)", "today (2026-11-26)". */
export function periodWords(lang: Lang, period: NoticePeriod['unit'], from: string, to: string, key: string): string {
  const range = from === to ? from : `${from} → ${to}`;
  const words = lang === 'es' ? { day: 'hoy', week: 'esta semana', month: 'este mes' } : { day: 'today', week: 'this week', month: 'this month' };
  return `${words[period]} (${period === AlertPeriod.Day ? range : `${key}: ${range}`})`;
}

/** The alert's one line of news, in Slack mrkdwn. */
function headline(n: AlertNotice): string {
  const t = T[n.lang];
  const m = METRIC[n.lang][n.metric];
  const fm = (v: string | Decimal) => formatMetric(n.lang, n.metric, v, currencyOf(n));
  const pct = (a: string | Decimal, b: string | Decimal) => formatNumber(n.lang, new Decimal(a).div(b).times(100).toFixed(), 1);
  switch (n.kind) {
    case 'threshold': {
      const at = new Decimal(n.budget).times(n.tier).div(100);
      const p = periodWords(n.lang, n.period.unit, n.period.from, n.period.to, n.period.key);
      return t.threshold(m, p, n.tier, fm(n.value), fm(n.budget), pct(n.value, n.budget), fm(new Decimal(n.value).minus(at)), fm(at));
    }
    case 'forecast':
      return t.forecast(
        m,
        n.month,
        fm(n.forecast),
        fm(n.budget),
        fm(new Decimal(n.forecast).minus(n.budget)),
        pct(n.forecast, n.budget),
        fm(n.actual),
        formatNumber(n.lang, n.daysElapsed, 1),
        n.daysInMonth,
      );
    case 'spike':
      return t.spike(m, n.day, fm(n.value), formatNumber(n.lang, new Decimal(n.value).div(n.average).toFixed(), 1), fm(n.average), formatNumber(n.lang, n.multiplier, 1));
    case 'drift': {
      const d = new Decimal(n.drift);
      return t.drift(
        n.day,
        formatMoney(n.lang, n.value, 4, currencyOf(n)),
        `${d.isNegative() ? '−' : '+'}${formatNumber(n.lang, d.abs().toFixed(), 1)}`,
        formatMoney(n.lang, n.average, 4, currencyOf(n)),
        formatNumber(n.lang, n.limit, 0),
      );
    }
  }
}

/** Workspaces ranked with their metric; calls as when (UTC), which agent, how long, what they cost. */
function contributorLine(n: AlertNotice, c: Contributor, i: number): string {
  if (c.kind === 'workspace') return `${i + 1}. ${c.name} — ${formatMetric(n.lang, n.metric, c.value, currencyOf(n))}`;
  const when = c.startedAt.slice(0, 16).replace('T', ' ');
  return `• ${when} UTC · ${c.agentId ?? '—'} · ${Math.round(c.durationSeconds / 60)} min · ${formatMoney(n.lang, c.totalCost, 2, currencyOf(n))}`;
}

/** A rule's alert in Block Kit: the news, who contributed, the rule and a panel link. */
export function alertBlocks(n: AlertNotice): SlackMessage {
  const t = T[n.lang];
  const line = headline(n);
  const who = n.workspace ?? t.all;
  const blocks = [header(`⚠️ ${t.title} · ${who}`), section(line)];
  if (n.contributors.length) blocks.push(section(`*${t.top}*\n${n.contributors.map((c, i) => contributorLine(n, c, i)).join('\n')}`));
  blocks.push(context(`${t.rule}: ${n.ruleName} · ${t.amountsIn(currencyOf(n))} · <${n.link}|${t.panel}>`));
  return { text: `${t.title} · ${who}: ${line.replace(/\*/g, '')}`, blocks };
}
