import { Inject, Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { AppConfig } from '../config/app-config.js';
import { CallDirection } from '../entities/index.js';
import type { ReconciliationDayView } from '../reporting/dto/reconciliation.view.js';
import { LEDGER_TOLERANCE, ledgerStatus, ReconciliationReport } from '../reporting/reconciliation.report.js';
import { TWILIO_PORT, type TwilioAccount, type TwilioCallRecord, type TwilioPort } from '../twilio/twilio.port.js';
import { CallStore } from './call-store.repository.js';
import { LedgerRepository, type LedgerDayState } from './ledger.repository.js';

const DAY_MS = 86_400_000;
/** Days listed account-wide per account and run: the repair is bounded, the rest waits for the next run. */
const LISTINGS_PER_RUN = 31;
/** A day is closed (no more prices expected to move it) this long after it ends. */
const CLOSED_AFTER_MS = 48 * 3_600_000;

export interface LedgerOutcome {
  days: number;
  listed: number;
  requests: number;
}

/**
 * After the calls and the Usage Records of a run: each day of the account still open is explained.
 * A day whose difference nothing explains is listed account-wide (no To/From filter): legs on a
 * workspace's number we missed are stored for it (the repair), legs on numbers no workspace claims
 * are kept by number. A day is listed again when Twilio's figure for it changes, and once more after
 * it closes; a closed day that still drifts after that stays `drift` and raises the ledger-drift alert.
 */
@Injectable()
export class TwilioLedger {
  constructor(
    @Inject(TWILIO_PORT) private readonly twilio: TwilioPort,
    private readonly store: CallStore,
    private readonly ledger: LedgerRepository,
    private readonly report: ReconciliationReport,
    private readonly config: AppConfig,
  ) {}

  async reconcile(account: TwilioAccount, from: string, now: Date, signal: AbortSignal): Promise<LedgerOutcome> {
    const to = now.toISOString().slice(0, 10);
    const outcome: LedgerOutcome = { days: 0, listed: 0, requests: 0 };
    const before = await this.report.days(from, to, account.accountSid);
    const states = await this.ledger.states(account.accountSid, from, to);
    const toList = before.filter((d) => this.needsListing(d, states.get(d.day), now)).slice(0, LISTINGS_PER_RUN);
    const listed = new Set<string>();
    // Who claims which number is read once for the run's listings, not once a day.
    const claims = toList.length ? await this.ledger.claimedNumbers(account.accountSid, this.config.twilio.accountSid ?? null) : new Map<string, string>();
    for (const day of toList) {
      signal.throwIfAborted();
      outcome.requests += await this.listDay(account, day.day, claims);
      listed.add(day.day);
    }
    const after = listed.size ? await this.report.days(from, to, account.accountSid) : before;
    await this.ledger.record(
      account.accountSid,
      after.map((d) => ({ day: d.day, status: ledgerStatus(d.unexplained, d.pendingLegs), unexplained: d.unexplained, twilioCost: d.twilioCost, listed: listed.has(d.day) })),
    );
    outcome.days = after.length;
    outcome.listed = listed.size;
    return outcome;
  }

  /** Unexplained money, and a listing that could still explain it: never listed, Twilio's figure moved since, or the day closed since. */
  private needsListing(d: ReconciliationDayView, state: LedgerDayState | undefined, now: Date): boolean {
    if (new Decimal(d.unexplained).abs().lte(LEDGER_TOLERANCE)) return false;
    if (!state?.listedAt || state.listedTwilioCost === null || !new Decimal(state.listedTwilioCost).eq(d.twilioCost)) return true;
    const closesAt = Date.parse(`${d.day}T00:00:00Z`) + DAY_MS + CLOSED_AFTER_MS;
    return now.getTime() >= closesAt && state.listedAt.getTime() < closesAt;
  }

  /** Every leg of the account that UTC day, each stored where it belongs; returns the requests made. */
  private async listDay(account: TwilioAccount, day: string, claims: Map<string, string>): Promise<number> {
    const start = new Date(`${day}T00:00:00Z`);
    const unclaimed: Array<{ record: TwilioCallRecord; number: string }> = [];
    const progress = await this.twilio.listCalls(account, { startedAfter: start, startedBefore: new Date(start.getTime() + DAY_MS) }, async (calls) => {
      // The bounds are widened by the adapter; the day is what Twilio's daily record counts.
      const legs = calls.filter((c) => c.startedAt.toISOString().slice(0, 10) === day);
      const owners = await this.ledger.ownersOf([...new Set(legs.flatMap((c) => (c.parentSid ? [c.sid, c.parentSid] : [c.sid])))]);
      const ours = new Map<string, TwilioCallRecord[]>();
      // Parents first, so a child finds the parent this page just gave to a workspace.
      for (const leg of [...legs].sort((a, b) => Number(!!a.parentSid) - Number(!!b.parentSid))) {
        const number = accountSide(leg);
        // A child leg belongs with its parent; only a parent is claimed by its number.
        const owner = owners.get(leg.sid) ?? (leg.parentSid ? owners.get(leg.parentSid) : claims.get(number ?? ''));
        if (!owner) {
          unclaimed.push({ record: leg, number: number ?? 'unknown' });
          continue;
        }
        owners.set(leg.sid, owner);
        const batch = ours.get(owner);
        if (batch) batch.push(leg);
        else ours.set(owner, [leg]);
      }
      for (const [workspaceId, records] of ours) await this.store.upsertTwilioCalls(workspaceId, records);
    });
    await this.ledger.replaceUnclaimed(account.accountSid, day, unclaimed);
    return progress.pages;
  }
}

/** The account's own number on a leg: the one called for inbound, the caller for outbound. */
function accountSide(leg: TwilioCallRecord): string | null {
  return leg.direction === CallDirection.Inbound ? leg.to : leg.from;
}
