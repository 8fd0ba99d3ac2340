import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { hasTextControlChars, MAX_YEAR, MIN_YEAR } from '../common/input-rules.js';
import { ElevenlabsLedgerReport } from '../reporting/elevenlabs-ledger.js';
import { ReconciliationReport } from '../reporting/reconciliation.report.js';
import { lastDayOfMonth } from '../reporting/report-scope.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Twilio account SIDs are 34 characters (AC + 32 hex); anything longer is not one of ours. */
const MAX_SID_LENGTH = 34;

/** As the URL gives them: a repeated key arrives as an array, which is refused too. */
export interface ReconciliationChoice {
  account?: unknown;
  month?: unknown;
}

/**
 * What the Conciliación page shows: one Twilio account's month, day by day, as the reporting module
 * reconciles it. The account and month come from the page's URL, so both are checked here before
 * anything reaches PostgreSQL: a malformed month is 400, an account we do not know is 404.
 * Each vendor is its own section of the answer: `twilio` for the chosen account, `elevenlabs` per workspace.
 */
@Injectable()
export class ReconciliationPanelService {
  constructor(
    private readonly ledger: ReconciliationReport,
    private readonly elevenlabs: ElevenlabsLedgerReport,
    private readonly clock: Clock,
  ) {}

  async page(choice: ReconciliationChoice, now = this.clock.now()) {
    const month = parseMonth(single(choice.month, 'month'), now);
    const requested = single(choice.account, 'account');
    const accounts = await this.ledger.accounts();
    const account = pickAccount(requested, accounts);
    const { from, to } = monthRange(month);
    return {
      month,
      from,
      to,
      accounts,
      account,
      twilio: account ? await this.ledger.report(from, to, account) : null,
      // ElevenLabs keys belong to workspaces, not to a Twilio account: every workspace's month.
      elevenlabs: await this.elevenlabs.daily(from, to),
    };
  }

  /** Closed days the last sync left drifting: what the dashboard's badge counts and links to. */
  async drift(now = this.clock.now()) {
    const days = await this.ledger.driftingClosedDays(now.toISOString().slice(0, 10));
    return { count: days.length, latest: days[0] ?? null };
  }
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new BadRequestException(`${name} must be a single value`);
}

function parseMonth(value: string | undefined, now: Date): string {
  if (value === undefined || value === '') return now.toISOString().slice(0, 7);
  const match = MONTH.exec(value);
  if (!match) throw new BadRequestException('month must be a month as YYYY-MM');
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new BadRequestException(`month must be between ${MIN_YEAR}-01 and ${MAX_YEAR}-12`);
  return value;
}

function pickAccount(value: string | undefined, accounts: string[]): string | null {
  if (value === undefined || value === '') return accounts[0] ?? null;
  if (value.length > MAX_SID_LENGTH || hasTextControlChars(value)) throw new BadRequestException('account must be a Twilio account SID');
  if (!accounts.includes(value)) throw new NotFoundException(`No Twilio account '${value}'`);
  return value;
}

/** First and last day of a YYYY-MM month, as UTC dates (Twilio's days are UTC days). */
function monthRange(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: lastDayOfMonth(month) };
}
