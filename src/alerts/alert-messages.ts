import { Decimal } from 'decimal.js';
import { AlertKind, AlertMetric } from '../entities/alert-rule.entity.js';
import type { Lang } from '../slack/costs-command.parser.js';
import { context, header, section } from '../slack/costs-messages.js';
import type { SlackMessage } from '../slack/slack.port.js';
import { formatMoney, formatNumber } from '../slack/slack-i18n.js';

const METRIC: Record<Lang, Record<AlertMetric, string>> = {
  es: { total_cost: 'Coste total', twilio_cost: 'Coste de Twilio', elevenlabs_cost: 'Coste de ElevenLabs', calls: 'Llamadas', minutes: 'Minutos', cost_per_minute: 'Coste por minuto' },
  en: { total_cost: 'Total cost', twilio_cost: 'Twilio cost', elevenlabs_cost: 'ElevenLabs cost', calls: 'Calls', minutes: 'Minutes', cost_per_minute: 'Cost per minute' },
};

const T = {
  es: {
    title: 'Alerta de costes',
    all: 'todos los workspaces',
    top: 'Quién más contribuye',
    panel: 'Abrir el panel',
    rule: 'Regla',
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

/** A metric's value for reading: money, a count, minutes, or money per minute. */
export function formatMetric(lang: Lang, metric: AlertMetric, value: string | Decimal): string {
  const v = value instanceof Decimal ? value.toFixed() : value;
  if (metric === AlertMetric.Calls) return formatNumber(lang, v);
  if (metric === AlertMetric.Minutes) return formatNumber(lang, v, 2);
  return formatMoney(lang, v, metric === AlertMetric.CostPerMinute ? 4 : 2);
}

export interface AlertContext {
  lang: Lang;
  kind: AlertKind;
  metric: AlertMetric;
  ruleName: string;
  workspace: string | null;
  /** "this month (2026-11-01 → 2026-11-26)" and the like, already worded. */
  periodLabel: string;
  contributors: string[];
  panelUrl: string;
}

export type AlertFacts =
  | { kind: 'threshold'; tier: number; value: string; budget: string }
  | { kind: 'forecast'; month: string; forecast: string; budget: string; actual: string; daysElapsed: string; daysInMonth: number }
  | { kind: 'spike'; day: string; value: string; average: string; multiplier: string }
  | { kind: 'drift'; day: string; value: string; average: string; drift: string; limit: string };

/** What crossed what, by how much, for which workspace and period, who contributed, and a link. */
export function alertMessage(c: AlertContext, f: AlertFacts): SlackMessage {
  const t = T[c.lang];
  const m = METRIC[c.lang][c.metric];
  const fm = (v: string | Decimal) => formatMetric(c.lang, c.metric, v);
  const pct = (a: string | Decimal, b: string | Decimal) => formatNumber(c.lang, new Decimal(a).div(b).times(100).toFixed(), 1);
  let line: string;
  switch (f.kind) {
    case 'threshold': {
      const at = new Decimal(f.budget).times(f.tier).div(100);
      line = t.threshold(m, c.periodLabel, f.tier, fm(f.value), fm(f.budget), pct(f.value, f.budget), fm(new Decimal(f.value).minus(at)), fm(at));
      break;
    }
    case 'forecast':
      line = t.forecast(m, f.month, fm(f.forecast), fm(f.budget), fm(new Decimal(f.forecast).minus(f.budget)), pct(f.forecast, f.budget), fm(f.actual), formatNumber(c.lang, f.daysElapsed, 1), f.daysInMonth);
      break;
    case 'spike':
      line = t.spike(m, f.day, fm(f.value), formatNumber(c.lang, new Decimal(f.value).div(f.average).toFixed(), 1), fm(f.average), formatNumber(c.lang, f.multiplier, 1));
      break;
    case 'drift': {
      const d = new Decimal(f.drift);
      line = t.drift(f.day, formatMoney(c.lang, f.value, 4), `${d.isNegative() ? '−' : '+'}${formatNumber(c.lang, d.abs().toFixed(), 1)}`, formatMoney(c.lang, f.average, 4), formatNumber(c.lang, f.limit, 0));
      break;
    }
  }
  const who = c.workspace ?? t.all;
  const blocks = [header(`⚠️ ${t.title} · ${who}`), section(line)];
  if (c.contributors.length) blocks.push(section(`*${t.top}*\n${c.contributors.join('\n')}`));
  blocks.push(context(`${t.rule}: ${c.ruleName} · <${c.panelUrl}|${t.panel}>`));
  return { text: `${t.title} · ${who}: ${line.replace(/\*/g, '')}`, blocks };
}

export function periodWords(lang: Lang, period: 'day' | 'week' | 'month', from: string, to: string, key: string): string {
  const range = from === to ? from : `${from} → ${to}`;
  const words = lang === 'es' ? { day: 'hoy', week: 'esta semana', month: 'este mes' } : { day: 'today', week: 'this week', month: 'this month' };
  return `${words[period]} (${period === 'day' ? range : `${key}: ${range}`})`;
}
