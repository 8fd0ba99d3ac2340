import { comparedWithWords } from '../reporting/periods.js';
import type { DigestNotice } from '../alerts/alert-notice.js';
import { formatMetric } from './alert-blocks.js';
import { context, header, mrkdwn, provisional, section, signedMoney } from './costs-messages.js';
import type { SlackMessage } from './slack.port.js';
import { DEFAULT_CURRENCY } from '../common/money-format.js';
import { formatMoney, formatNumber, formatPercent } from './slack-i18n.js';

const T = {
  es: {
    title: 'Resumen semanal de costes',
    lastWeek: 'Semana pasada',
    monthToDate: 'Mes en curso',
    calls: 'llamadas',
    min: 'min',
    byWorkspace: 'Por workspace (Twilio + ElevenLabs = total)',
    burn: 'Consumo de presupuesto',
    all: 'todos',
    panel: 'Abrir el panel',
    none: 'Sin llamadas.',
  },
  en: {
    title: 'Weekly cost digest',
    lastWeek: 'Last week',
    monthToDate: 'Month to date',
    calls: 'calls',
    min: 'min',
    byWorkspace: 'By workspace (Twilio + ElevenLabs = total)',
    burn: 'Budget burn',
    all: 'all',
    panel: 'Open the panel',
    none: 'No calls.',
  },
} as const;

const MAX_WORKSPACES = 15;

/** The weekly digest in Block Kit: each period's totals, change and workspaces, then the budget burn. */
export function digestBlocks(n: DigestNotice): SlackMessage {
  const lang = n.lang;
  const t = T[lang];
  // A digest stored before currencies was in US dollars.
  const currency = n.currency ?? DEFAULT_CURRENCY;
  const money = (v: string | null) => formatMoney(lang, v, 2, currency);
  const blocks: Array<Record<string, unknown>> = [header(`${t.title} (${currency})`)];
  for (const p of n.periods) {
    const c = p.comparison.current;
    const ch = p.comparison.change;
    blocks.push(
      section(
        `*${t[p.label]}* · ${c.from} → ${c.to}\n*${money(c.totalCost)}* (Twilio ${money(c.twilioCost)} · ElevenLabs ${money(c.elevenlabsCost)}) · ` +
          `${formatNumber(lang, c.calls)} ${t.calls} · ${formatNumber(lang, c.minutes, 0)} ${t.min}${provisional(lang, c, 'total', '\n')}`,
      ),
    );
    blocks.push(
      context(
        `${comparedWithWords(lang, p.comparison.comparedWith, c.timezone, c.to)}: ${formatPercent(lang, ch.totalCost?.percent ?? null)} (${signedMoney(lang, ch.totalCost?.absolute ?? null, currency)})`,
      ),
    );
    const lines = p.workspaces
      .filter((w) => w.calls > 0)
      .slice(0, MAX_WORKSPACES)
      .map(
        (w) =>
          `• ${w.name}: ${money(w.twilioCost)} + ${money(w.elevenlabsCost)} = *${money(w.totalCost)}* (${formatNumber(lang, w.calls)} ${t.calls})${provisional(lang, w, 'total', ' · ')}`,
      );
    blocks.push({ type: 'section', text: mrkdwn(`_${t.byWorkspace}_\n${lines.length ? lines.join('\n') : t.none}`) });
  }
  if (n.burn.length) {
    const lines = n.burn.map(
      (b) =>
        `• ${b.rule} (${b.workspace ?? t.all}): ${formatMetric(lang, b.metric, b.value, b.currency)} / ${formatMetric(lang, b.metric, b.budget, b.currency)} = *${formatNumber(lang, b.percent, 1)} %*`,
    );
    blocks.push(section(`*${t.burn}*\n${lines.join('\n')}`));
  }
  blocks.push(context(`<${n.link}|${t.panel}>`));
  const mtd = n.periods[n.periods.length - 1].comparison.current;
  return { text: `${t.title} (${currency}): ${t.monthToDate} ${money(mtd.totalCost)}`, blocks };
}
