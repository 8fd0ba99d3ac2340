import { Inject, Injectable } from '@nestjs/common';
import { describeError } from '../common/errors.js';
import { mapLimit } from '../common/limiter.js';
import { AppConfig } from '../config/app-config.js';
import { conversationCost } from '../elevenlabs/elevenlabs-cost.js';
import { ELEVENLABS_PORT, type ElevenlabsPort } from '../elevenlabs/elevenlabs.port.js';
import { SyncSource } from '../entities/index.js';
import { CallStore, type PricedConversation } from './call-store.repository.js';
import { ConversationRevisits } from './conversation-revisits.js';
import type { WorkspaceSyncContext } from './sync-context.js';
import { SyncStateRepository } from './sync-state.repository.js';
import { syncWindow } from './sync-window.js';

/**
 * One workspace's conversations (only its agents, when it lists some): each page of the listing,
 * then the detail of every conversation not already stored as final, priced by the cost rule.
 */
@Injectable()
export class ElevenlabsConversationsSyncer {
  constructor(
    @Inject(ELEVENLABS_PORT) private readonly elevenlabs: ElevenlabsPort,
    private readonly store: CallStore,
    private readonly state: SyncStateRepository,
    private readonly config: AppConfig,
    private readonly revisits: ConversationRevisits,
  ) {}

  async sync(ctx: WorkspaceSyncContext): Promise<boolean> {
    const { workspace, credentials } = ctx;
    const source = await this.state.beginSource(ctx.runId, workspace.id, SyncSource.Elevenlabs);
    try {
      const apiKey = credentials.elevenlabsApiKey;
      if (!apiKey) throw new Error('the workspace has no ElevenLabs API key');
      const watermark = await this.state.watermark(workspace.id, SyncSource.Elevenlabs);
      const pending = await this.store.oldestPendingConversation(workspace.id, this.config.sync.pricePendingMaxHours);
      const window = syncWindow(ctx.now, watermark, this.config.sync, pending);
      const agents = workspace.elevenlabsAgentIds.length ? workspace.elevenlabsAgentIds : [undefined];
      for (const agentId of agents) {
        await this.elevenlabs.listConversations(apiKey, { agentId, startedAfter: window.from, startedBefore: window.to }, async (page) => {
          ctx.signal.throwIfAborted();
          const final = await this.store.finalConversationIds(page.map((c) => c.id));
          const toRead = page.filter((c) => !final.has(c.id));
          const details = await mapLimit(toRead, this.config.vendor.concurrency, (c) => this.elevenlabs.getConversation(apiKey, c.id));
          await this.store.upsertConversations(
            workspace.id,
            details.map((d) => this.price(ctx, d)),
          );
          await this.state.addProgress(source.id, 1, page.length);
        });
      }
      // Older conversations still not final, which the window no longer reaches: read again by id.
      const revisited = await this.revisits.run(ctx, apiKey, ctx.revisitBefore, ctx.revisitBudget.elevenlabs, (d) => this.price(ctx, d));
      await this.state.addProgress(source.id, revisited, revisited);
      await this.state.advanceWatermark(workspace.id, SyncSource.Elevenlabs, window.to);
      await this.state.finishSource(source.id);
      return true;
    } catch (err) {
      await this.state.finishSource(source.id, describeError(err, [credentials.elevenlabsApiKey]));
      return false;
    }
  }

  private price(ctx: WorkspaceSyncContext, detail: PricedConversation['detail']): PricedConversation {
    const day = detail.startedAt.toISOString().slice(0, 10);
    const cost = conversationCost(detail, {
      basis: this.config.elevenlabs.costBasis,
      rate: ctx.rates.rateFor(ctx.workspace.id, day),
      usdPerMinute: this.config.elevenlabs.usdPerMinute,
    });
    return { detail, cost };
  }
}
