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
  | { kind: 'overview'; workspace: string | null; lang: Lang | null }
  | { kind: 'report'; workspace: string | null; period: PeriodSpec; lang: Lang | null }
  /** Against the previous period by the calendar (default: month to date). */
  | { kind: 'compare'; workspace: string | null; period: PeriodSpec; lang: Lang | null }
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

/** Parses the text after `/costs`. Pure: no clock, no database; the workspace is only a name here. */
export function parseCostsCommand(text: string): CostsCommand {
  const normalized = text
    .trim()
    .replace(/\blast\s+month\b/gi, 'last-month')
    .replace(/\bmes\s+pasado\b/gi, 'mes-pasado');
  const tokens = normalized.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { kind: 'overview', workspace: null, lang: null };

  const first = WORDS[tokens[0].toLowerCase()];
  let lang: Lang | null = first?.lang ?? null;
  if (first?.verb === 'help') return { kind: 'help', lang };
  const compare = first?.verb === 'compare';
  const rest = compare ? tokens.slice(1) : tokens;
  if (compare && rest.length === 0) return { kind: 'compare', workspace: null, period: { kind: 'month' }, lang };

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
  if (compare) return { kind: 'compare', workspace, period: period.spec ?? { kind: 'month' }, lang };
  if (!period.spec) return { kind: 'overview', workspace, lang };
  return { kind: 'report', workspace, period: period.spec, lang };
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
