import { Injectable, Logger } from '@nestjs/common';
import twilio from 'twilio';
import { Limiter } from '../common/limiter.js';
import { AppConfig } from '../config/app-config.js';
import { TwilioHttpClient } from './twilio-http.client.js';
import type { UsageScope } from '../entities/index.js';
import { toCallRecord, toUsageDay, type TwilioCallLike, USAGE_CATEGORIES } from './twilio.mapper.js';
import type { CallListQuery, ListProgress, TwilioAccount, TwilioCallRecord, TwilioPort, UsageDay } from './twilio.port.js';

/** Twilio's maximum page size: fewest round trips. */
const PAGE_SIZE = 1000;

/** The TwilioPort over the official `twilio` SDK, pointed at TWILIO_API_BASE_URL through its http client. */
@Injectable()
export class TwilioAdapter implements TwilioPort {
  private readonly logger = new Logger('Twilio');
  private readonly http: TwilioHttpClient;

  constructor(config: AppConfig) {
    this.http = new TwilioHttpClient({
      baseUrl: config.twilio.baseUrl,
      timeoutMs: config.vendor.timeoutMs,
      retry: { maxRetries: config.vendor.maxRetries, baseMs: config.vendor.retryBaseMs, maxMs: 60_000 },
      limiter: new Limiter(config.vendor.concurrency),
      onRetry: (r) => this.logger.warn(`retry ${r.attempt} in ${r.waitMs} ms after ${r.reason}`),
    });
  }

  async listCalls(account: TwilioAccount, query: CallListQuery, onPage: (calls: TwilioCallRecord[]) => Promise<void>): Promise<ListProgress> {
    const client = this.client(account);
    const progress: ListProgress = { pages: 0, rows: 0 };
    let page = await client.calls.page({
      ...(query.number && query.side ? { [query.side]: query.number } : {}),
      // One second earlier keeps a call starting exactly on the bound, whatever the API's inclusivity.
      startTimeAfter: new Date(query.startedAfter.getTime() - 1000),
      startTimeBefore: query.startedBefore,
      pageSize: PAGE_SIZE,
    });
    for (;;) {
      const records = page.instances.map((c) => toCallRecord(c as unknown as TwilioCallLike));
      progress.pages++;
      progress.rows += records.length;
      await onPage(records);
      if (!page.nextPageUrl) return progress;
      const next = await page.nextPage();
      if (!next) return progress;
      page = next as typeof page;
    }
  }

  async fetchCall(account: TwilioAccount, sid: string): Promise<TwilioCallRecord | null> {
    try {
      return toCallRecord(await this.client(account).calls(sid).fetch());
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  }

  async listDailyUsage(account: TwilioAccount, range: { startDate: string; endDate: string }, scopes: readonly UsageScope[]): Promise<UsageDay[]> {
    const client = this.client(account);
    const days: UsageDay[] = [];
    for (const scope of scopes) {
      const records = await client.usage.records.daily.list({
        category: USAGE_CATEGORIES[scope],
        startDate: new Date(`${range.startDate}T00:00:00Z`),
        endDate: new Date(`${range.endDate}T00:00:00Z`),
        pageSize: PAGE_SIZE,
      });
      for (const r of records) days.push(toUsageDay(r, scope));
    }
    return days;
  }

  private client(account: TwilioAccount) {
    return twilio(account.accountSid, account.authToken, { httpClient: this.http, autoRetry: false });
  }
}
