import { comparedWithWords } from '../reporting/periods.js';
import { type Figures, percentOf } from '../reporting/report-figures.js';
import type { Comparison, Forecast, WorkspaceFigures } from '../reporting/reporting.service.js';
import type { Lang } from './costs-command.parser.js';
import type { SlackMessage } from './slack.port.js';
import { formatMoney, formatNumber, formatPercent, provisionalNote, texts } from './slack-i18n.js';

type Block = Record<string, unknown>;

const TOP = 5;

export const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
export const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
export const context = (...lines: string[]): Block => ({ type: 'context', elements: lines.map(mrkdwn) });
export const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } });

/** What a /costs answer says about one period: the reporting module's comparison, its forecast where asked. */
export interface PeriodAnswer {
  label: string;
  comparison: Omit<Comparison, 'forecast'> & { forecast: Forecast | null };
}

export interface CostsAnswer {
  lang: Lang;
  /** ISO 4217: every amount of the periods and the top list is in it (the reports' scope currency). */
  currency: string;
  /** Workspace name, or null for all workspaces. */
  workspace: string | null;
  periods: PeriodAnswer[];
  /** Workspaces of the last period, most expensive first (all-workspace answers only). */
  top: WorkspaceFigures[];
  panelUrl: string;
  /** `/costs compare`: the previous period's figures in full, beside the change. */
  showPrevious?: boolean;
  /** Today in the report zone: the words for what is compared with name a year only outside it. */
  today: string;
}

/** Totals, change vs the previous period, top workspaces and a panel link, in Block Kit. */
export function costsMessage(a: CostsAnswer): SlackMessage {
  const t = texts(a.lang);
  const who = a.workspace ?? t.allWorkspaces;
  const title = `${t.costsIn(a.currency)} · ${who}`;
  const blocks: Block[] = [header(title)];
  for (const p of a.periods) blocks.push(...periodBlocks(a.lang, p, a.showPrevious ?? false, a.today));
  const last = a.periods[a.periods.length - 1].comparison;
  if (last.forecast && last.forecast.forecast !== last.forecast.actualToDate) {
    blocks.push(context(`${t.forecast} (${last.forecast.month}): *${formatMoney(a.lang, last.forecast.forecast, 2, a.currency)}*`));
  }
  if (a.top.length > 1) blocks.push(section(`*${t.topWorkspaces}*\n${topLines(a.lang, a.top, last.current.totalCost, a.currency)}`));
  blocks.push(context(`<${a.panelUrl}|${t.openPanel}>`));
  const first = a.periods[0].comparison.current;
  return { text: `${title}: ${formatMoney(a.lang, last.current.totalCost, 2, a.currency)} (${first.from} → ${last.current.to})`, blocks };
}

function periodBlocks(lang: Lang, p: PeriodAnswer, showPrevious: boolean, today: string): Block[] {
  const t = texts(lang);
  const c = p.comparison.current;
  const range = c.from === c.to ? c.from : `${c.from} → ${c.to}`;
  const blocks: Block[] = [section(`*${p.label}* · ${range} (${c.timezone})`)];
  if (c.calls === 0) {
    blocks.push(context(t.noCalls));
  } else {
    blocks.push({ type: 'section', fields: figureFields(lang, c).map(mrkdwn) });
  }
  const ch = p.comparison.change;
  const prev = p.comparison.previous;
  // "frente a 1–2 nov hasta las 04:00": what the change is measured against, in the requester's words.
  const against = comparedWithWords(lang, p.comparison.comparedWith, c.timezone, today);
  if (showPrevious) {
    blocks.push(section(`*${t.previousPeriod}* · ${prev.from === prev.to ? prev.from : `${prev.from} → ${prev.to}`} (${against})`));
    blocks.push({ type: 'section', fields: figureFields(lang, prev).map(mrkdwn) });
  }
  // A figure converted at a rate over a week old says so (the ECB was silent and nobody entered one).
  for (const r of c.staleRates) blocks.push(context(t.staleRate(r.currency, r.publishedOn, r.from === r.to ? r.from : `${r.from} → ${r.to}`)));
  blocks.push(
    context(
      `${against}: ${t.total} ${formatPercent(lang, ch.totalCost?.percent ?? null)}` +
        ` (${signedMoney(lang, ch.totalCost?.absolute ?? null, c.currency)}) · ${t.calls} ${formatPercent(lang, ch.calls?.percent ?? null)}` +
        ` · ${t.costPerMinute} ${formatPercent(lang, ch.costPerMinute?.percent ?? null)}`,
    ),
  );
  return blocks;
}

/** A period's figures, money in the currency its summary is in. */
export function figureFields(lang: Lang, f: Figures & { currency: string }): string[] {
  const t = texts(lang);
  const money = (amount: string | null, decimals = 2) => formatMoney(lang, amount, decimals, f.currency);
  return [
    `*${t.calls}*\n${formatNumber(lang, f.calls)}`,
    `*${t.minutes}*\n${formatNumber(lang, f.minutes, 2)}`,
    `*Twilio*\n${money(f.twilioCost)}${provisional(lang, f, 'twilio', '\n')}`,
    `*ElevenLabs*\n${money(f.elevenlabsCost)}${provisional(lang, f, 'elevenlabs', '\n')}`,
    `*${t.total}*\n*${money(f.totalCost)}*${provisional(lang, f, 'total', '\n')}`,
    `*${t.costPerMinute}*\n${money(f.costPerMinute, 4)}`,
  ];
}

/** Workspace rows of one report, `currency` being the report's. */
export function topLines(lang: Lang, rows: WorkspaceFigures[], total: string, currency: string): string {
  return rows
    .filter((r) => r.calls > 0)
    .slice(0, TOP)
    .map((r, i) => {
      const percent = percentOf(r.totalCost, total);
      const share = percent === null ? '' : ` (${formatNumber(lang, percent, 0)} %)`;
      return `${i + 1}. ${r.name} — ${formatMoney(lang, r.totalCost, 2, currency)}${share}${provisional(lang, r, 'total', ' · ')}`;
    })
    .join('\n');
}

/** The provisional label placed after a total (in italics, after `separator`), or nothing when fully priced. */
export function provisional(lang: Lang, f: Figures, part: 'twilio' | 'elevenlabs' | 'total', separator: string): string {
  const note = provisionalNote(lang, f, part);
  return note ? `${separator}_${note}_` : '';
}

export function signedMoney(lang: Lang, amount: string | null, currency: string): string {
  if (amount === null) return '—';
  return amount.startsWith('-') ? `−${formatMoney(lang, amount.slice(1), 2, currency)}` : `+${formatMoney(lang, amount, 2, currency)}`;
}

export function textMessage(text: string, extra: string[] = []): SlackMessage {
  return { text, blocks: [section(text), ...(extra.length ? [context(...extra)] : [])] };
}

export function helpMessage(lang: Lang): SlackMessage {
  const t = texts(lang);
  return { text: t.helpTitle, blocks: [header(t.helpTitle), section(t.help.join('\n'))] };
}

export function usageMessage(lang: Lang, problem: string | null): SlackMessage {
  const t = texts(lang);
  return textMessage(problem ? `${t.badPeriod(problem)}\n${t.usage}` : t.usage);
}

/** A report in `target` needed a rate that is not there: which currency, from which day on. */
export function missingRateMessage(lang: Lang, target: string, currency: string, day: string): SlackMessage {
  return textMessage(texts(lang).missingRate(target, currency, day));
}

export function unknownWorkspaceMessage(lang: Lang, query: string, closest: Array<{ slug: string; name: string }>): SlackMessage {
  const t = texts(lang);
  if (closest.length === 0) return textMessage(`${t.unknownWorkspace(query)} ${t.noWorkspaces}`);
  const list = closest.map((w) => `\`${w.slug}\` (${w.name})`).join(', ');
  return textMessage(`${t.unknownWorkspace(query)} ${t.didYouMean} ${list}?`);
}
