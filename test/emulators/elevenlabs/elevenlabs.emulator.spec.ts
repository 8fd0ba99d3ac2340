import { ElevenLabsClient, ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { Decimal } from 'decimal.js';
import { generateElevenlabsDataset, summarizeElevenlabsFacts, type ElevenlabsDataset } from './elevenlabs.dataset.js';
import { startElevenlabsEmulator, type ElevenlabsEmulator } from './elevenlabs.emulator.js';

const KEY_A = 'xi-key-workspace-a';
const KEY_B = 'xi-key-workspace-b';
const AGENTS = ['agent_01jaaaaaaaaaaaaaaaaaaaaaaa', 'agent_01jbbbbbbbbbbbbbbbbbbbbbbb'];
const END = Date.UTC(2025, 5, 1) / 1000;
const TWILIO_SIDS = ['CA00000000000000000000000000000001', 'CA00000000000000000000000000000002'];

describe('ElevenLabs emulator, read by the official client', () => {
  let emulator: ElevenlabsEmulator;
  let dataset: ElevenlabsDataset;
  let client: ElevenLabsClient;

  beforeAll(async () => {
    dataset = generateElevenlabsDataset({
      seed: 'spec',
      agentIds: AGENTS,
      conversations: 250,
      days: 10,
      endDate: END,
      withFiatShare: 0.6,
      phoneShare: 0.7,
      callSids: [TWILIO_SIDS[0], { callSid: TWILIO_SIDS[1], startTimeUnixSecs: END - 3600, durationSecs: 95 }],
    });
    const other = generateElevenlabsDataset({
      seed: 'other',
      agentIds: ['agent_other'],
      conversations: 5,
      days: 1,
      endDate: END,
      withFiatShare: 1,
      phoneShare: 0,
    });
    emulator = await startElevenlabsEmulator({ keys: { [KEY_B]: other.conversations } });
    emulator.addKey(KEY_A, dataset.conversations);
    client = new ElevenLabsClient({ apiKey: KEY_A, baseUrl: emulator.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('generates the same data set from the same seed, with exact totals', () => {
    const again = generateElevenlabsDataset({
      seed: 'spec',
      agentIds: AGENTS,
      conversations: 250,
      days: 10,
      endDate: END,
      withFiatShare: 0.6,
      phoneShare: 0.7,
      callSids: [TWILIO_SIDS[0], { callSid: TWILIO_SIDS[1], startTimeUnixSecs: END - 3600, durationSecs: 95 }],
    });
    expect(again.facts).toEqual(dataset.facts);
    expect(dataset.totals.count).toBe(250);
    expect(dataset.totals.costFiatCount).toBe(150);
    const fromWire = dataset.conversations.reduce((sum, c) => sum.plus(c.metadata.cost_fiat ?? 0), new Decimal(0));
    expect(fromWire.toFixed()).toBe(dataset.totals.costFiatUsd);
    expect(dataset.conversations.reduce((s, c) => s + (c.metadata.cost ?? 0), 0)).toBe(dataset.totals.credits);
    const perAgent = AGENTS.map((a) => dataset.byAgent[a].count).reduce((a, b) => a + b, 0);
    expect(perAgent).toBe(250);
    // Fiat is absent on the oldest conversations only.
    const oldestWithFiat = Math.min(...dataset.facts.filter((f) => f.costFiatUsd).map((f) => f.startTimeUnixSecs));
    expect(dataset.facts.every((f) => f.costFiatUsd !== null || f.startTimeUnixSecs <= oldestWithFiat)).toBe(true);
  });

  it('pages through one agent in a time window, newest first, with opaque cursors', async () => {
    const after = END - 6 * 86400;
    const before = END - 86400;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.conversationalAi.conversations.list({
        pageSize: 17,
        cursor,
        agentId: AGENTS[0],
        callStartAfterUnix: after,
        callStartBeforeUnix: before,
      });
      pages += 1;
      for (const c of page.conversations) {
        expect(c.agentId).toBe(AGENTS[0]);
        expect(c.startTimeUnixSecs).toBeGreaterThan(after);
        expect(c.startTimeUnixSecs).toBeLessThan(before);
        expect(Number.isInteger(c.callDurationSecs)).toBe(true);
        expect(c.messageCount).toBeGreaterThan(0);
        expect(['success', 'failure', 'unknown']).toContain(c.callSuccessful);
        seen.push(c.conversationId);
      }
      cursor = page.hasMore ? page.nextCursor : undefined;
      if (page.hasMore) expect(page.nextCursor).toEqual(expect.any(String));
    } while (cursor);
    const expected = dataset.facts.filter((f) => f.agentId === AGENTS[0] && f.startTimeUnixSecs > after && f.startTimeUnixSecs < before);
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(expected.map((f) => f.conversationId));
    expect(summarizeElevenlabsFacts(expected).count).toBe(seen.length);
  });

  it('pages oldest first on request, with both time bounds exclusive', async () => {
    const pivot = dataset.facts[100];
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversationalAi.conversations.list({
        pageSize: 40,
        cursor,
        sortDirection: 'asc',
        callStartAfterUnix: pivot.startTimeUnixSecs,
        summaryMode: 'include',
      });
      expect(page.conversations.every((c) => typeof c.transcriptSummary === 'string')).toBe(true);
      ids.push(...page.conversations.map((c) => c.conversationId));
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
    const expected = dataset.facts.filter((f) => f.startTimeUnixSecs > pivot.startTimeUnixSecs).reverse();
    expect(ids).toEqual(expected.map((f) => f.conversationId));
    expect(ids).not.toContain(pivot.conversationId);
  });

  it('defaults to 30 a page, refuses more than 100, and filters by call_successful', async () => {
    const first = await client.conversationalAi.conversations.list();
    expect(first.conversations).toHaveLength(30);
    expect(first.hasMore).toBe(true);
    await expect(client.conversationalAi.conversations.list({ pageSize: 101 })).rejects.toMatchObject({ statusCode: 422 });
    const failed = await client.conversationalAi.conversations.list({ callSuccessful: 'failure', pageSize: 100 });
    expect(failed.conversations.every((c) => c.callSuccessful === 'failure')).toBe(true);
  });

  it('answers a detail with cost_fiat, charging and a Twilio phone call', async () => {
    const fact = dataset.facts.find((f) => f.callSid === TWILIO_SIDS[1])!;
    const detail = await client.conversationalAi.conversations.get(fact.conversationId);
    expect(detail.conversationId).toBe(fact.conversationId);
    expect(detail.metadata.startTimeUnixSecs).toBe(END - 3600);
    expect(detail.metadata.callDurationSecs).toBe(95);
    expect(detail.metadata.cost).toBe(fact.credits);
    expect(new Decimal(String(detail.metadata.costFiat)).toFixed()).toBe(fact.costFiatUsd);
    const charging = detail.metadata.charging!;
    expect(charging.callCharge! + charging.llmCharge!).toBe(fact.credits);
    expect(new Decimal(String(charging.llmPrice)).plus(String(charging.platformPrice)).toFixed()).toBe(fact.costFiatUsd);
    expect(charging.llmUsage?.irreversibleGeneration?.modelUsage).toBeDefined();
    const phone = detail.metadata.phoneCall!;
    expect(phone.type).toBe('twilio');
    expect(phone.callSid).toBe(TWILIO_SIDS[1]);
    if (phone.type === 'twilio') expect(phone.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
    expect(detail.analysis?.transcriptSummary).toEqual(expect.any(String));
    expect(detail.hasAudio && detail.hasUserAudio && detail.hasResponseAudio).toBe(true);
    expect(detail.hasAuxiliaryAudio).toBe(false);
    expect(detail.transcript.length).toBeGreaterThan(0);
  });

  it('answers an older detail without cost_fiat, and a web conversation without phone_call', async () => {
    const old = dataset.facts.find((f) => f.costFiatUsd === null && f.phoneType !== null)!;
    const oldDetail = await client.conversationalAi.conversations.get(old.conversationId);
    expect(oldDetail.metadata.costFiat).toBeUndefined();
    expect(oldDetail.metadata.charging?.platformPrice).toBeUndefined();
    expect(oldDetail.metadata.cost).toBe(old.credits);
    expect(oldDetail.metadata.phoneCall?.callSid).toBe(old.callSid);

    const web = dataset.facts.find((f) => f.phoneType === null)!;
    const webDetail = await client.conversationalAi.conversations.get(web.conversationId);
    expect(webDetail.metadata.phoneCall).toBeUndefined();
    expect(webDetail.metadata.conversationInitiationSource).toBe('widget');

    const sip = dataset.facts.find((f) => f.phoneType === 'sip_trunking')!;
    const sipDetail = await client.conversationalAi.conversations.get(sip.conversationId);
    expect(sipDetail.metadata.phoneCall?.type).toBe('sip_trunking');
  });

  it('keeps workspaces apart and refuses unknown keys with 401', async () => {
    const other = new ElevenLabsClient({ apiKey: KEY_B, baseUrl: emulator.url, maxRetries: 0 });
    expect((await other.conversationalAi.conversations.list()).conversations).toHaveLength(5);
    await expect(other.conversationalAi.conversations.get(dataset.facts[0].conversationId)).rejects.toMatchObject({ statusCode: 404 });

    const stranger = new ElevenLabsClient({ apiKey: 'nope', baseUrl: emulator.url, maxRetries: 0 });
    const error = await stranger.conversationalAi.conversations.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElevenLabsError);
    expect(error).toMatchObject({ statusCode: 401, body: { detail: { status: 'invalid_api_key' } } });
  });

  it("answers workspace usage analytics with each day's credits of its conversations, overrides and all", async () => {
    const dayCredits = new Map<string, number>();
    for (const f of dataset.facts) {
      const day = new Date(f.startTimeUnixSecs * 1000).toISOString().slice(0, 10);
      dayCredits.set(day, (dayCredits.get(day) ?? 0) + f.credits);
    }
    const days = [...dayCredits.keys()].sort();
    const [first, overridden] = days;
    emulator.usage.setDailyCredits(KEY_A, overridden, '1234.5');
    emulator.usage.setDailyCredits(KEY_A, overridden, 10, 'text-to-speech');
    const startTime = Date.parse(`${first}T00:00:00Z`);
    const endTime = END * 1000;
    const answer = await client.workspace.usage.getUsageByProductOverTime({ startTime, endTime, intervalSeconds: 86400, timeZone: 'UTC' });
    expect(answer.columns).toEqual(['timestamp', 'product_type', 'credits_used']);
    expect(answer.columnTypes).toEqual(['DateTime', 'String', 'Float']);
    expect(answer.columnUnits).toEqual(['s', undefined, 'credits']);
    const byDay = new Map<string, Decimal>();
    for (const [timestamp, product, credits] of answer.rows) {
      expect(typeof timestamp).toBe('string');
      expect(['conversational-ai', 'text-to-speech']).toContain(product);
      const day = String(timestamp).slice(0, 10);
      expect(timestamp).toBe(`${day}T00:00:00Z`);
      byDay.set(day, (byDay.get(day) ?? new Decimal(0)).plus(String(credits)));
    }
    expect([...byDay.keys()]).toEqual(days);
    for (const day of days) {
      expect([day, byDay.get(day)!.toFixed()]).toEqual([day, day === overridden ? '1244.5' : String(dayCredits.get(day))]);
    }
    const sent = emulator.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/workspace/analytics/query/usage-by-product-over-time', apiKey: KEY_A });
    expect(sent.body).toEqual({ start_time: startTime, end_time: endTime, interval_seconds: 86400, time_zone: 'UTC' });
    emulator.usage.clearDailyCredits(KEY_A);

    // A range with no conversations answers an empty table; a bad range the vendor's 422.
    const empty = await client.workspace.usage.getUsageByProductOverTime({ startTime: Date.UTC(2021, 0, 1), endTime: Date.UTC(2021, 0, 2) });
    expect(empty.rows).toEqual([]);
    await expect(client.workspace.usage.getUsageByProductOverTime({ startTime: 1, endTime: endTime })).rejects.toMatchObject({
      statusCode: 422,
      body: { detail: [{ type: 'greater_than_equal', loc: ['body', 'start_time'] }] },
    });
  });

  it('refuses usage analytics to a key without the permission with 401 missing_permissions, conversations still served', async () => {
    const restricted = new ElevenLabsClient({ apiKey: KEY_B, baseUrl: emulator.url, maxRetries: 0 });
    emulator.usage.setPermission(KEY_B, false);
    const error = await restricted.workspace.usage.getUsageByProductOverTime({ startTime: Date.UTC(2025, 0, 1), endTime: END * 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElevenLabsError);
    expect(error).toMatchObject({
      statusCode: 401,
      body: { detail: { status: 'missing_permissions', message: expect.stringContaining('workspace_analytics_full_read') } },
    });
    expect((await restricted.conversationalAi.conversations.list()).conversations).toHaveLength(5);
    emulator.usage.setPermission(KEY_B, true);
    const allowed = await restricted.workspace.usage.getUsageByProductOverTime({ startTime: Date.UTC(2025, 0, 1), endTime: END * 1000 });
    expect(allowed.rows.length).toBeGreaterThan(0);
  });

  it('injects 429 with Retry-After, 500, truncated bodies and delays, then recovers', async () => {
    emulator.setFault('/v1/convai/conversations', { type: 'rate-limit', retryAfterSecs: 7 });
    const limited = await client.conversationalAi.conversations.list().catch((e: unknown) => e);
    expect(limited).toMatchObject({ statusCode: 429 });
    expect((limited as ElevenLabsError).rawResponse?.headers.get('retry-after')).toBe('7');

    emulator.setFault('/v1/convai/conversations/*', { type: 'server-error', times: 1 });
    emulator.setFault('/v1/convai/conversations/*', { type: 'malformed', times: 1 });
    const id = dataset.facts[0].conversationId;
    await expect(client.conversationalAi.conversations.get(id)).rejects.toMatchObject({ statusCode: 500 });
    // A truncated 200 body is not JSON; this client then fails schema validation rather than the HTTP layer.
    await expect(client.conversationalAi.conversations.get(id)).rejects.toMatchObject({ name: 'ParseError' });

    emulator.setFault(/^\/v1\/convai\/conversations\/conv_/, { type: 'delay', ms: 150 });
    const started = Date.now();
    expect((await client.conversationalAi.conversations.get(id)).conversationId).toBe(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    expect((await client.conversationalAi.conversations.list({ pageSize: 1 })).conversations).toHaveLength(1);

    const log = emulator.requests.filter((r) => r.fault);
    expect(log.map((r) => [r.fault, r.status])).toEqual([
      ['rate-limit', 429],
      ['server-error', 500],
      ['malformed', 200],
      ['delay', 200],
    ]);
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/v1/convai/conversations', query: { page_size: '1' }, apiKey: KEY_A });
  });
});
