import { Inject, Injectable } from '@nestjs/common';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { SyncSource } from '../entities/index.js';
import { TWILIO_PORT, type TwilioPort } from '../twilio/twilio.port.js';
import { CallStore } from './call-store.repository.js';
import type { WorkspaceSyncContext } from './sync-context.js';
import { SyncStateRepository } from './sync-state.repository.js';
import { syncWindow } from './sync-window.js';
import { TwilioRevisits } from './twilio-revisits.js';

/**
 * One workspace's Twilio calls: to and from each of its numbers, every page, upserted as they come;
 * then its older legs still without a price.
 */
@Injectable()
export class TwilioCallsSyncer {
  constructor(
    @Inject(TWILIO_PORT) private readonly twilio: TwilioPort,
    private readonly store: CallStore,
    private readonly state: SyncStateRepository,
    private readonly config: AppConfig,
    private readonly revisits: TwilioRevisits,
  ) {}

  /** True when the whole window was stored (and the watermark advanced). */
  async sync(ctx: WorkspaceSyncContext): Promise<boolean> {
    const { workspace, credentials } = ctx;
    const source = await this.state.beginSource(ctx.runId, workspace.id, SyncSource.Twilio);
    try {
      const account = credentials.twilio;
      if (!account) throw new Error('no Twilio account: give the workspace its own, or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      const maxHours = this.config.sync.pricePendingMaxHours;
      const watermark = await this.state.watermark(workspace.id, SyncSource.Twilio);
      const pending = await this.store.oldestPendingPrice(workspace.id, maxHours);
      const window = syncWindow(ctx.now, watermark, this.config.sync, pending);
      for (const number of workspace.twilioPhoneNumbers) {
        for (const side of ['to', 'from'] as const) {
          await this.twilio.listCalls(account, { number, side, startedAfter: window.from, startedBefore: window.to }, async (calls) => {
            ctx.signal.throwIfAborted();
            await this.store.upsertTwilioCalls(workspace.id, calls);
            await this.state.addProgress(source.id, 1, calls.length);
          });
        }
      }
      // Older legs the window no longer reaches: asked about on their own, within this workspace's share.
      const revisited = await this.revisits.run(ctx, account, ctx.revisitBefore, ctx.revisitBudget.twilio);
      await this.state.addProgress(source.id, revisited.requests, revisited.legs);
      await this.store.flagOverduePrices(workspace.id, maxHours);
      await this.state.advanceWatermark(workspace.id, SyncSource.Twilio, window.to);
      await this.state.finishSource(source.id);
      return true;
    } catch (err) {
      await this.state.finishSource(source.id, describeError(err, [credentials.twilio?.authToken]));
      return false;
    }
  }
}
