import { Inject, Injectable } from '@nestjs/common';
import { mapLimit } from '../common/limiter.js';
import { AppConfig } from '../config/app-config.js';
import { ELEVENLABS_PORT, type ElevenlabsPort, FINAL_CONVERSATION_STATUSES } from '../elevenlabs/elevenlabs.port.js';
import { CallStore, type PricedConversation } from './call-store.repository.js';
import { RevisitRepository } from './revisit.repository.js';
import type { WorkspaceSyncContext } from './sync-context.js';

/**
 * Old ElevenLabs conversations that are not final yet, read again by id until they are or the vendor
 * no longer has them, within the workspace's share of the run's budget (one request each).
 */
@Injectable()
export class ConversationRevisits {
  constructor(
    @Inject(ELEVENLABS_PORT) private readonly elevenlabs: ElevenlabsPort,
    private readonly store: CallStore,
    private readonly revisits: RevisitRepository,
    private readonly config: AppConfig,
  ) {}

  /** Returns how many conversations were read again. */
  async run(ctx: WorkspaceSyncContext, apiKey: string, before: Date, budget: number, price: (d: PricedConversation['detail']) => PricedConversation): Promise<number> {
    if (budget <= 0) return 0;
    const ids = await this.revisits.pendingConversations(ctx.workspace.id, before, [...FINAL_CONVERSATION_STATUSES], budget);
    const details = await mapLimit(ids, this.config.vendor.concurrency, (id) => {
      ctx.signal.throwIfAborted();
      return this.elevenlabs.findConversation(apiKey, id);
    });
    const found = details.filter((d) => d !== null);
    if (found.length) await this.store.upsertConversations(ctx.workspace.id, found.map(price));
    await this.revisits.conversationsChecked(
      ids,
      ids.filter((_, i) => details[i] === null),
    );
    return ids.length;
  }
}
