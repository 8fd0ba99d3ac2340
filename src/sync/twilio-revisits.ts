import { Inject, Injectable } from '@nestjs/common';
import { mapLimit } from '../common/limiter.js';
import { AppConfig } from '../config/app-config.js';
import { TWILIO_PORT, type TwilioAccount, type TwilioCallRecord, type TwilioPort } from '../twilio/twilio.port.js';
import { CallStore } from './call-store.repository.js';
import { planRevisits } from './revisit-plan.js';
import { RevisitRepository } from './revisit.repository.js';
import type { WorkspaceSyncContext } from './sync-context.js';

const DAY_MS = 86_400_000;
/** Legs read to plan with: a re-listed day can settle many legs for one request, so read past the budget. */
const LEGS_PER_REQUEST = 20;

export interface RevisitOutcome {
  requests: number;
  legs: number;
}

/**
 * Old Twilio legs still without a price, asked about again until Twilio prices them or no longer
 * has them: per day, by SID or by re-listing the day, whichever takes fewer requests, within the
 * workspace's share of the run's budget.
 */
@Injectable()
export class TwilioRevisits {
  constructor(
    @Inject(TWILIO_PORT) private readonly twilio: TwilioPort,
    private readonly store: CallStore,
    private readonly revisits: RevisitRepository,
    private readonly config: AppConfig,
  ) {}

  async run(ctx: WorkspaceSyncContext, account: TwilioAccount, before: Date, budget: number): Promise<RevisitOutcome> {
    const outcome: RevisitOutcome = { requests: 0, legs: 0 };
    if (budget <= 0) return outcome;
    const { workspace } = ctx;
    const days = await this.revisits.twilioPendingDays(workspace.id, before, Math.min(budget * LEGS_PER_REQUEST, 50_000));
    for (const step of planRevisits(days, workspace.twilioPhoneNumbers, budget)) {
      ctx.signal.throwIfAborted();
      if (step.method === 'list') {
        const from = new Date(`${step.day}T00:00:00Z`);
        for (const number of workspace.twilioPhoneNumbers) {
          for (const side of ['to', 'from'] as const) {
            const read = await this.twilio.listCalls(account, { number, side, startedAfter: from, startedBefore: new Date(from.getTime() + DAY_MS) }, async (calls) => {
              await this.store.upsertTwilioCalls(workspace.id, calls);
            });
            outcome.requests += read.pages;
          }
        }
        await this.revisits.twilioDayChecked(workspace.id, step.day);
        outcome.legs += days.find((d) => d.day === step.day)?.legs.length ?? 0;
        continue;
      }
      // Side by side up to VENDOR_CONCURRENCY: each fetch is one small answer, so waiting is the cost.
      const records = await mapLimit(step.legs, this.config.vendor.concurrency, (leg) => this.twilio.fetchCall(account, leg.sid));
      outcome.requests += step.legs.length;
      const found = records.filter((r): r is TwilioCallRecord => r !== null);
      const gone = new Set(step.legs.filter((_, i) => records[i] === null).map((l) => l.sid));
      if (found.length) await this.store.upsertTwilioCalls(workspace.id, found);
      await this.revisits.twilioChecked(step.legs, gone);
      outcome.legs += step.legs.length;
    }
    return outcome;
  }
}
