import type { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Limiter } from '../common/limiter.js';
import { resilientFetch } from '../common/resilient-fetch.js';
import { AppConfig } from '../config/app-config.js';
import type { ListProgress } from '../twilio/twilio.port.js';
import { forbiddenReason, nextDay, toCreditsDays } from './elevenlabs-usage.mapper.js';
import { toDetail, toSummary } from './elevenlabs.mapper.js';
import type { ConversationDetail, ConversationListQuery, ConversationSummary, DailyCreditsOutcome, ElevenlabsPort } from './elevenlabs.port.js';

/** The API's largest page of conversations. */
const PAGE_SIZE = 100;

/**
 * The ElevenlabsPort over the official client, which validates every answer against the vendor's
 * schema. Its own retries are off: our fetch retries with Retry-After, jitter and timeouts, and
 * bounds concurrency for every key at once.
 */
@Injectable()
export class ElevenlabsAdapter implements ElevenlabsPort, OnApplicationBootstrap {
  private readonly logger = new Logger('ElevenLabs');
  private readonly fetch: typeof fetch;
  private readonly clients = new Map<string, ElevenLabsClient>();
  /**
   * The client and its schemas take seconds to import; loading them on first use keeps them off the
   * server's start-up path (most boots never sync before the first request).
   */
  private sdk?: Promise<typeof ElevenLabsClient>;

  constructor(private readonly config: AppConfig) {
    this.fetch = resilientFetch({
      timeoutMs: config.vendor.timeoutMs,
      retry: { maxRetries: config.vendor.maxRetries, baseMs: config.vendor.retryBaseMs, maxMs: 60_000 },
      limiter: new Limiter(config.vendor.concurrency),
      onRetry: (r) => this.logger.warn(`retry ${r.attempt} in ${r.waitMs} ms after ${r.reason}`),
    });
  }

  /**
   * A server that syncs on a schedule loads the client a few seconds after start, while idle: its
   * import blocks the event loop for ~1.6 s, which in the middle of a first sync delayed Slack acks
   * past Slack's 3 s (bench:slack, 50 concurrent /costs).
   */
  onApplicationBootstrap(): void {
    if (this.config.sync.enabled) setTimeout(() => void this.loadSdk(), 3000).unref();
  }

  async listConversations(apiKey: string, query: ConversationListQuery, onPage: (conversations: ConversationSummary[]) => Promise<void>): Promise<ListProgress> {
    const progress: ListProgress = { pages: 0, rows: 0 };
    let cursor: string | undefined;
    do {
      const page = await (
        await this.client(apiKey)
      ).conversationalAi.conversations.list({
        agentId: query.agentId,
        // Whether the vendor's bounds are inclusive is undocumented: one second earlier makes the
        // lower bound inclusive either way (ids dedupe the overlap).
        callStartAfterUnix: Math.floor(query.startedAfter.getTime() / 1000) - 1,
        callStartBeforeUnix: Math.ceil(query.startedBefore.getTime() / 1000),
        pageSize: PAGE_SIZE,
        cursor,
      });
      const conversations = page.conversations.map(toSummary);
      progress.pages++;
      progress.rows += conversations.length;
      await onPage(conversations);
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
    return progress;
  }

  async getConversation(apiKey: string, conversationId: string): Promise<ConversationDetail> {
    return toDetail(await (await this.client(apiKey)).conversationalAi.conversations.get(conversationId));
  }

  async findConversation(apiKey: string, conversationId: string): Promise<ConversationDetail | null> {
    try {
      return await this.getConversation(apiKey, conversationId);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return null;
      throw err;
    }
  }

  async dailyCredits(apiKey: string, range: { from: string; to: string }): Promise<DailyCreditsOutcome> {
    const startTime = Date.parse(`${range.from}T00:00:00Z`);
    // Up to the end of `to`, but not into the future, which a usage query has no reason to reach.
    const endTime = Math.max(startTime + 1, Math.min(Date.parse(`${nextDay(range.to)}T00:00:00Z`), Date.now()));
    try {
      const table = await (
        await this.client(apiKey)
      ).workspace.usage.getUsageByProductOverTime({
        startTime,
        endTime,
        intervalSeconds: 86_400,
        timeZone: 'UTC',
      });
      return { access: 'ok', days: toCreditsDays(table, range) };
    } catch (err) {
      const reason = forbiddenReason(err);
      if (reason === null) throw err;
      return { access: 'forbidden', reason };
    }
  }

  private loadSdk() {
    this.sdk ??= import('@elevenlabs/elevenlabs-js').then((sdk) => sdk.ElevenLabsClient);
    return this.sdk;
  }

  private async client(apiKey: string): Promise<ElevenLabsClient> {
    let client = this.clients.get(apiKey);
    if (!client) {
      const Client = await this.loadSdk();
      client = new Client({
        apiKey,
        baseUrl: this.config.elevenlabs.baseUrl,
        maxRetries: 0,
        // Our fetch does the retrying, so the client must wait for all of its tries and waits.
        timeoutInSeconds: Math.ceil(((this.config.vendor.timeoutMs + 60_000) * (this.config.vendor.maxRetries + 1)) / 1000),
        fetch: this.fetch,
      });
      this.clients.set(apiKey, client);
    }
    return client;
  }
}
