import type { INestApplicationContext } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config.js';
import { SyncTrigger } from '../../src/entities/index.js';
import { ReconciliationReport } from '../../src/reporting/reconciliation.report.js';
import { SyncService } from '../../src/sync/sync.service.js';
import { aDayLater } from '../../test/sync/a-day-later.js';
import type { EmulatorsChild } from './emulators.client.js';
import { cpuText, printSources, type Measure } from './phase-meter.js';
import { printSyncProfile } from './sync-profile.js';
import { describeRequests, requestsBetween, totalRequests, type TwilioRequestCounts } from './twilio-requests.js';

const TARGET_REQUESTS_PER_LEG = 1;
const TARGET_SECONDS = 10;

export interface LatePricesInput {
  app: INestApplicationContext;
  child: EmulatorsChild;
  measure: Measure;
  config: AppConfig;
  /** First day of the data set, `YYYY-MM-DD`: where the reconciliation report starts. */
  firstDay: string;
  /** Twilio requests of the re-sync that ran while the late prices were still missing. */
  waiting: TwilioRequestCounts;
}

export interface LatePricesOutcome {
  rows: Array<[string, string]>;
  ok: boolean;
}

/**
 * `--late-prices`: after the full sync stored 2% of the legs unpriced (all older than
 * SYNC_PRICE_PENDING_MAX_HOURS), Twilio prices them all and, a day later, a re-sync runs. Its Twilio requests are
 * counted by kind and compared with those of the re-sync after it, which has nothing late left: the
 * difference is what the late prices cost. Then every workspace's Twilio total must equal what the
 * emulator bills, and the reconciliation must leave nothing unexplained on any day.
 */
export async function runLatePrices(input: LatePricesInput): Promise<LatePricesOutcome> {
  const { app, child, measure, config } = input;
  const sync = app.get(SyncService);
  const ds = app.get(DataSource);
  const hours = config.sync.pricePendingMaxHours;
  const lateLegs = await oldUnpricedLegs(ds, hours);
  const finalized = await child.finalize();
  console.log(`late prices:        ${lateLegs.toLocaleString('en-US')} legs unpriced older than ${hours} h; Twilio priced ${finalized.priced.toLocaleString('en-US')} legs`);

  // The next scheduled sync comes hours later: the revisits' back-off (at most a day) has run out by then.
  await aDayLater(ds);
  const r0 = (await child.requests()).counts;
  const late = await measure('late re-sync', () => sync.runNow(SyncTrigger.Cli));
  const r1 = (await child.requests()).counts;
  console.log(`late re-sync:       ${late.seconds.toFixed(2)} s, ${late.result.status}`);
  printSources(late.result);
  printSyncProfile('late re-sync');
  const calm = await measure('re-sync, nothing late', () => sync.runNow(SyncTrigger.Cli));
  const r2 = (await child.requests()).counts;
  console.log(`re-sync, none late: ${calm.seconds.toFixed(2)} s, ${calm.result.status}`);
  printSyncProfile('re-sync, nothing late');

  const lateRequests = requestsBetween(r0, r1);
  const calmRequests = requestsBetween(r1, r2);
  const extra = totalRequests(lateRequests) - totalRequests(calmRequests);
  const perLeg = lateLegs ? extra / lateLegs : 0;
  const leftUnpriced = await oldUnpricedLegs(ds, hours);

  const stored = await storedByWorkspace(ds);
  const money = Object.entries(finalized.billedByWorkspace).map(([slug, billed]) => {
    const ours = stored.get(slug) ?? '0';
    const diff = new Decimal(ours).minus(billed);
    return { slug, ok: diff.abs().lt('0.005'), text: `stored ${ours}, billed ${billed}${diff.isZero() ? '' : ` (diff ${diff.toFixed()})`}` };
  });
  const today = new Date().toISOString().slice(0, 10);
  const ledger = await app.get(ReconciliationReport).report(input.firstDay, today);
  // The bench's accounts bill in dollars: one currency, so its totals are there.
  const report = { ...ledger, totals: ledger.totals! };
  const unexplainedDays = report.days.filter((d) => !new Decimal(d.unexplained).isZero());
  const reconciled = unexplainedDays.length === 0 && report.totals.pendingLegs === 0;
  const billedMatches = new Decimal(report.totals.twilioCost).eq(finalized.usageRecordsTotal);

  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const requestsOk = perLeg <= TARGET_REQUESTS_PER_LEG;
  const timeOk = late.seconds < TARGET_SECONDS;
  const rows: Array<[string, string]> = [
    [
      'late legs (> ' + hours + ' h, unpriced)',
      `${lateLegs.toLocaleString('en-US')} before, ${leftUnpriced.toLocaleString('en-US')} after the late re-sync; revisit budget ${config.sync.revisitMaxRequests}`,
    ],
    ['Twilio req., prices missing', describeRequests(input.waiting)],
    ['Twilio req., late re-sync', describeRequests(lateRequests)],
    ['Twilio req., nothing late', describeRequests(calmRequests)],
    [
      'extra requests per late leg',
      `${extra.toLocaleString('en-US')} / ${lateLegs.toLocaleString('en-US')} = ${perLeg.toFixed(3)}  (target ≤ ${TARGET_REQUESTS_PER_LEG}: ${pass(requestsOk)})`,
    ],
    ['late re-sync', `${late.seconds.toFixed(2)} s  ${late.result.status}  ${cpuText(late)}  (target < ${TARGET_SECONDS} s: ${pass(timeOk)})`],
    ['re-sync, nothing late', `${calm.seconds.toFixed(2)} s  ${calm.result.status}  load ${calm.load.toFixed(1)}`],
    ...money.map((m): [string, string] => [`Twilio total ${m.slug}`, `${pass(m.ok)}  ${m.text}`]),
    ['Usage Records vs report', `${pass(billedMatches)}  emulator ${finalized.usageRecordsTotal}, stored ${report.totals.twilioCost}`],
    [
      'reconciliation',
      `${pass(reconciled)}  ${report.days.length} days, ${unexplainedDays.length} with unexplained ≠ 0` +
        `${unexplainedDays.length ? ` (e.g. ${unexplainedDays[0].day}: ${unexplainedDays[0].unexplained})` : ''}, ` +
        `unexplained total ${report.totals.unexplained}, pending legs ${report.totals.pendingLegs}`,
    ],
  ];
  const runsOk = late.result.status === 'succeeded' && calm.result.status === 'succeeded';
  return { rows, ok: runsOk && requestsOk && timeOk && reconciled && billedMatches && money.every((m) => m.ok) };
}

/** Twilio legs, parents and child legs, still without a price and older than the pending age. */
async function oldUnpricedLegs(ds: DataSource, hours: number): Promise<number> {
  const [row] = await ds.query(
    `SELECT (SELECT count(*) FROM calls WHERE twilio_synced_at IS NOT NULL AND twilio_own_cost IS NULL
                AND started_at < now() - make_interval(hours => $1))
          + (SELECT count(*) FROM twilio_child_legs l JOIN calls c ON c.twilio_call_sid = l.parent_call_sid
              WHERE l.cost IS NULL AND COALESCE(l.started_at, c.started_at) < now() - make_interval(hours => $1)) AS n`,
    [hours],
  );
  return Number(row.n);
}

async function storedByWorkspace(ds: DataSource): Promise<Map<string, string>> {
  const rows: Array<{ slug: string; cost: string }> = await ds.query(
    `SELECT w.slug, COALESCE(sum(c.twilio_cost), 0)::text AS cost FROM workspaces w LEFT JOIN calls c ON c.workspace_id = w.id GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.slug, r.cost]));
}
