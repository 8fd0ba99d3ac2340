import type { AlertMetric, AlertPeriod } from '../entities/alert-rule.entity.js';
import type { Comparison, WorkspaceFigures } from '../reporting/reporting.service.js';
import type { Lang } from '../slack/costs-command.parser.js';

/*
 * What the alerts module has to say, in its own terms: figures as decimal strings, names, days and
 * links. How it reads in a chat (words, layout, markup) is the Slack module's business
 * (src/slack/notice-blocks.ts), so nothing here knows a vendor's message format.
 */

/** Who contributed most: a workspace and its metric (rules over all workspaces), or one of the workspace's costliest calls. */
export type Contributor =
  { kind: 'workspace'; name: string; value: string } | { kind: 'call'; startedAt: string; agentId: string | null; durationSeconds: number; totalCost: string };

/** What every rule alert carries besides its facts. */
export interface AlertContext {
  lang: Lang;
  /** ISO 4217: the rule's, every amount is in it. Absent on notices stored before rules had one (US dollars then). */
  currency?: string;
  metric: AlertMetric;
  ruleName: string;
  /** The rule's workspace, or null for a rule over all workspaces. */
  workspace: string | null;
  /** Most first; ranked by the caller. */
  contributors: Contributor[];
  /** Where to look in the panel. */
  link: string;
}

/** The running period a threshold is measured over (`key`: `2026-11`, `2026-W48`, `2026-11-26`). */
export interface NoticePeriod {
  unit: AlertPeriod;
  from: string;
  to: string;
  key: string;
}

export type AlertFacts =
  | { kind: 'threshold'; period: NoticePeriod; tier: number; value: string; budget: string }
  | { kind: 'forecast'; month: string; forecast: string; budget: string; actual: string; daysElapsed: string; daysInMonth: number }
  | { kind: 'spike'; day: string; value: string; average: string; multiplier: string }
  | { kind: 'drift'; day: string; value: string; average: string; drift: string; limit: string };

/** What crossed what, by how much, for which workspace and period, who contributed, and a link. */
export type AlertNotice = AlertContext & AlertFacts;

export function alertNotice(context: AlertContext, facts: AlertFacts): AlertNotice {
  return { ...context, ...facts };
}

/** A closed day whose Twilio bill our calls do not explain, even after listing the day again. */
export interface LedgerDriftNotice {
  kind: 'ledgerDrift';
  lang: Lang;
  accountSid: string;
  day: string;
  twilioCost: string;
  ourCost: string;
  unclaimedCost: string;
  unexplained: string;
  ruleName: string;
  link: string;
}

/** Picks the notice's figures out of a reconciliation day (which carries more than the notice says). */
export function ledgerDriftNotice(lang: Lang, f: Omit<LedgerDriftNotice, 'kind' | 'lang'>): LedgerDriftNotice {
  const { accountSid, day, twilioCost, ourCost, unclaimedCost, unexplained, ruleName, link } = f;
  return { kind: 'ledgerDrift', lang, accountSid, day, twilioCost, ourCost, unclaimedCost, unexplained, ruleName, link };
}

/** What a rule's alert says; stored with its claim (JSON) until Slack accepts it. */
export type RuleNotice = AlertNotice | LedgerDriftNotice;

export interface DigestPeriod {
  label: 'lastWeek' | 'monthToDate';
  comparison: Comparison;
  workspaces: WorkspaceFigures[];
}

/** A month budget against month to date; `percent` already worked out (one decimal). */
export interface BudgetBurn {
  rule: string;
  /** The rule's currency (ISO 4217): `value` and `budget` are in it. */
  currency: string;
  workspace: string | null;
  metric: AlertMetric;
  value: string;
  budget: string;
  percent: string;
}

/** The weekly digest: last week and month to date, each with its comparison and workspaces, and the budget burn. */
export interface DigestNotice {
  kind: 'digest';
  lang: Lang;
  /** ISO 4217: the periods' amounts are in it (REPORT_CURRENCY). Absent on digests stored before currencies (US dollars). */
  currency?: string;
  periods: DigestPeriod[];
  burn: BudgetBurn[];
  link: string;
}

/** Everything the alerts module asks Slack to post. */
export type Notice = RuleNotice | DigestNotice;
