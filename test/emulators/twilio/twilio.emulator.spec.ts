import { Decimal } from 'decimal.js';
import twilio from 'twilio';
import { Limiter } from '../../../src/common/limiter.js';
import { TwilioHttpClient } from '../../../src/twilio/twilio-http.client.js';

/** The app's HTTP client with retries off, so each fault reaches the SDK as the emulator sent it. */
const rawHttpClient = (baseUrl: string, timeoutMs = 2_000) => new TwilioHttpClient({ baseUrl, timeoutMs, retry: { maxRetries: 0, baseMs: 1, maxMs: 1 }, limiter: new Limiter(8) });
import { generateTwilioDataset, summarizeCalls, type TwilioDataset } from './twilio.dataset.js';
import { startTwilioEmulator, type EmulatedCall, type TwilioEmulator } from './twilio.emulator.js';

const AUTH_TOKEN = 'secret-token';
const OTHER_SID = `AC${'b'.repeat(32)}`;
const NOW = new Date('2024-03-11T12:00:00Z');

/** What the official SDK throws on a non-2xx answer (RestException). */
interface RestError {
  status: number;
  code?: number;
}

function clone(calls: readonly EmulatedCall[]): EmulatedCall[] {
  return calls.map((c) => ({ ...c }));
}

describe('Twilio emulator, read through the official twilio client', () => {
  let dataset: TwilioDataset;
  let emulator: TwilioEmulator;
  let http: TwilioHttpClient;
  let client: twilio.Twilio;

  beforeAll(async () => {
    dataset = generateTwilioDataset({
      seed: 'emulator-spec',
      numbers: 3,
      calls: 900,
      days: 10,
      endDate: '2024-03-10',
      unpricedShare: 0.1,
      childLegShare: 0.2,
    });
    emulator = await startTwilioEmulator({
      accounts: [
        // The emulator mutates prices in place, so it gets its own copy of the dataset.
        { sid: dataset.accountSid, authToken: AUTH_TOKEN, calls: clone(dataset.calls) },
        { sid: OTHER_SID, authToken: 'other-token' },
      ],
      now: () => NOW,
    });
    http = rawHttpClient(emulator.url);
    client = twilio(dataset.accountSid, AUTH_TOKEN, { httpClient: http });
  });

  afterAll(() => emulator.stop());

  afterEach(() => emulator.clearFaults());

  it('lists one number across several pages, bounds inclusive, newest first, fields parsed', async () => {
    const number = dataset.numbers[0].number;
    const inbound = dataset.calls.filter((c) => c.to === number);
    // Bounds sit exactly on existing calls, to pin down that both ends are inclusive.
    const after = inbound[inbound.length - 5].startTime;
    const before = inbound[4].startTime;
    const expected = inbound.filter((c) => c.startTime >= after && c.startTime <= before);
    expect(expected.length).toBeGreaterThan(100);
    const pagesBefore = emulator.requests.length;

    const calls = await client.calls.list({ to: number, startTimeAfter: after, startTimeBefore: before, pageSize: 50 });

    expect(emulator.requests.length - pagesBefore).toBe(Math.ceil(expected.length / 50));
    expect(calls.map((c) => c.sid)).toEqual(expected.map((c) => c.sid));
    const firstPage = emulator.requests[pagesBefore];
    const sentAfter = after.toISOString().replace('.000', ''); // the SDK sends whole seconds
    expect(firstPage.query).toMatchObject({ To: number, 'StartTime>': sentAfter, PageSize: '50' });
    for (const call of calls) {
      expect(call.startTime).toBeInstanceOf(Date);
      expect(call.dateCreated).toBeInstanceOf(Date);
      expect(call.to).toBe(number);
      expect(call.parentCallSid).toBeNull();
      expect(call.direction).toBe('inbound');
      expect(call.duration).toMatch(/^\d+$/);
      expect(call.price === null || /^-?\d+\.\d{5}$/.test(call.price)).toBe(true);
      expect(call.priceUnit).toBe('USD');
    }
    const source = expected[0];
    expect(calls[0]).toMatchObject({
      sid: source.sid,
      accountSid: dataset.accountSid,
      from: source.from,
      startTime: source.startTime,
      endTime: source.endTime,
      price: source.price,
      status: source.status,
      apiVersion: '2010-04-01',
      uri: `/2010-04-01/Accounts/${dataset.accountSid}/Calls/${source.sid}.json`,
    });
  });

  it('serves child legs with parent_call_sid, by parent and by our number as caller', async () => {
    const child = dataset.calls.find((c) => c.parentCallSid !== null)!;
    const byParent = await client.calls.list({ parentCallSid: child.parentCallSid! });
    expect(byParent.map((c) => c.sid)).toEqual([child.sid]);
    expect(byParent[0]).toMatchObject({ parentCallSid: child.parentCallSid, direction: 'outbound-dial' });

    const fromOurs = await client.calls.list({ from: child.from, pageSize: 1000 });
    expect(fromOurs.length).toBe(dataset.calls.filter((c) => c.from === child.from).length);
    expect(fromOurs.some((c) => c.sid === child.sid)).toBe(true);
  });

  it('adds up to the dataset totals when every call is read', async () => {
    const calls = await client.calls.list({ pageSize: 1000 });
    expect(calls.length).toBe(dataset.calls.length);
    expect(calls.filter((c) => c.parentCallSid === null).length).toBe(dataset.totals.parentCalls);
    const priceSum = calls.reduce((sum, c) => (c.price === null ? sum : sum.plus(c.price)), new Decimal(0));
    expect(priceSum.toFixed(5)).toBe(dataset.totals.priceSum);
    const duration = calls.filter((c) => c.parentCallSid === null).reduce((sum, c) => sum + Number(c.duration), 0);
    expect(duration).toBe(dataset.totals.durationSeconds);
    const perNumber = [...dataset.byNumber.values()].reduce((n, t) => n + t.parentCalls, 0);
    expect(perNumber).toBe(dataset.totals.parentCalls);
  });

  it('answers daily usage records for calls, one per day, priced legs only', async () => {
    const records = await client.usage.records.daily.list({
      category: 'calls',
      startDate: new Date('2024-03-01T00:00:00Z'),
      endDate: new Date('2024-03-10T00:00:00Z'),
    });
    expect(records).toHaveLength(10);
    expect(records[0]).toMatchObject({ category: 'calls', countUnit: 'calls', usageUnit: 'minutes', priceUnit: 'usd' });
    expect(records[0].startDate).toBeInstanceOf(Date);
    expect(typeof records[0].price).toBe('string'); // the SDK types it as number but passes the JSON value through
    const cost = records.reduce((sum, r) => sum.plus(String(r.price)), new Decimal(0));
    expect(cost.toFixed(5)).toBe(dataset.totals.costSum);
    const pricedLegs = dataset.totals.parentCalls + dataset.totals.childLegs - dataset.totals.unpricedLegs;
    expect(records.reduce((n, r) => n + Number(r.count), 0)).toBe(pricedLegs);

    const allCategories = await client.usage.records.daily.list({
      startDate: new Date('2024-03-01T00:00:00Z'),
      endDate: new Date('2024-03-10T00:00:00Z'),
      pageSize: 7,
    });
    expect(allCategories).toHaveLength(30);
    const byCategory = (category: string) => allCategories.filter((r) => r.category === category).reduce((sum, r) => sum.plus(String(r.price)), new Decimal(0));
    expect(byCategory('calls-inbound').plus(byCategory('calls-outbound')).toFixed(5)).toBe(dataset.totals.costSum);
  });

  it('prices a call later, one at a time or all at once', async () => {
    const unpriced = dataset.calls.find((c) => c.price === null)!;
    expect((await client.calls(unpriced.sid).fetch()).price).toBeNull();

    emulator.priceCall(unpriced.sid, unpriced.pendingPrice!);
    const fetched = await client.calls(unpriced.sid).fetch();
    expect(fetched.price).toBe(unpriced.pendingPrice);
    expect(fetched.dateUpdated).toEqual(NOW);

    expect(emulator.finalizeAll()).toBe(dataset.totals.unpricedLegs - 1);
    const calls = await client.calls.list({ pageSize: 1000 });
    expect(calls.every((c) => c.price !== null)).toBe(true);
    expect(calls.reduce((sum, c) => sum.plus(c.price), new Decimal(0)).toFixed(5)).toBe(dataset.totals.finalPriceSum);
  });

  it('refuses bad credentials and another account’s path with 401 / 20003', async () => {
    const wrong = twilio(dataset.accountSid, 'not-the-token', { httpClient: http });
    await expect(wrong.calls.list()).rejects.toMatchObject({ status: 401, code: 20003, message: 'Authenticate' });

    const other = twilio(OTHER_SID, 'other-token', { httpClient: http });
    await expect(other.api.v2010.accounts(dataset.accountSid).calls.list()).rejects.toMatchObject({ status: 401 });
    expect(await other.calls.list()).toEqual([]);
  });

  it('surfaces an injected 429 with its Retry-After, then serves the retry', async () => {
    emulator.setFault({ path: '/Calls.json', kind: 'rate-limit', retryAfterSeconds: 7 });
    const error = (await client.calls.list({ limit: 5 }).catch((e: unknown) => e)) as RestError;
    expect(error).toMatchObject({ status: 429, code: 20429 });
    // RestException carries no headers; the request client keeps the last response, Retry-After included.
    expect(http.lastResponse?.statusCode).toBe(429);
    expect(http.lastResponse?.headers['retry-after']).toBe('7');
    expect(emulator.requests.at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });
    expect(await client.calls.list({ limit: 5 })).toHaveLength(5);
  });

  it('fails a list mid-way when a later page errors, and rejects malformed bodies', async () => {
    emulator.setFault({ path: /Calls\.json\?.*PageToken=/, kind: 'server-error' });
    await expect(client.calls.list({ pageSize: 100 })).rejects.toMatchObject({ status: 500, code: 20500 });

    emulator.setFault({ path: '/Calls.json', kind: 'malformed' });
    await expect(client.calls.list({ limit: 3 })).rejects.toBeInstanceOf(SyntaxError);
  });

  it('hangs a request until the client times out, or answers after a delay', async () => {
    const impatient = twilio(dataset.accountSid, AUTH_TOKEN, { httpClient: rawHttpClient(emulator.url, 200) });
    emulator.setFault({ path: '/Calls.json', kind: 'hang' });
    await expect(impatient.calls.list({ limit: 1 })).rejects.toMatchObject({ code: 'ECONNABORTED' });

    emulator.setFault({ path: '/Calls.json', kind: 'hang', delayMs: 50 });
    const served = emulator.servedCount;
    expect(await impatient.calls.list({ limit: 1 })).toHaveLength(1);
    expect(emulator.servedCount).toBe(served + 1);
  });

  // 20,000 calls keep the spec quick; 100,000 take the same indexed path (about 2 s to generate and load).
  it('pages a large account by number and time window', async () => {
    const big = generateTwilioDataset({ seed: 7, numbers: 20, calls: 20_000, days: 90, endDate: '2024-03-10' });
    const local = await startTwilioEmulator({
      accounts: [{ sid: big.accountSid, authToken: AUTH_TOKEN, calls: big.calls }],
    });
    try {
      const bigClient = twilio(big.accountSid, AUTH_TOKEN, { httpClient: rawHttpClient(local.url) });
      const number = big.numbers[3].number;
      const calls = await bigClient.calls.list({ to: number, pageSize: 200 });
      expect(calls.map((c) => c.sid)).toEqual(big.calls.filter((c) => c.to === number).map((c) => c.sid));
      expect(local.requests).toHaveLength(Math.ceil(calls.length / 200));
      const february = { from: new Date('2024-02-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') };
      const windowed = summarizeCalls(big.calls, { number, ...february });
      const inWindow = await bigClient.calls.list({
        to: number,
        startTimeAfter: new Date('2024-02-01T00:00:00Z'),
        startTimeBefore: new Date('2024-02-29T23:59:59Z'),
        pageSize: 200,
      });
      const outboundInWindow = await bigClient.calls.list({
        from: number,
        startTimeAfter: new Date('2024-02-01T00:00:00Z'),
        startTimeBefore: new Date('2024-02-29T23:59:59Z'),
        pageSize: 200,
      });
      // Calling from our number also lists the child legs we dialled; the totals count parents.
      const outboundParents = outboundInWindow.filter((c) => c.parentCallSid === null);
      expect(inWindow.length + outboundParents.length).toBe(windowed.parentCalls);
      expect(outboundInWindow.length - outboundParents.length).toBeGreaterThan(0);
    } finally {
      await local.stop();
    }
  });

  it('generates the same data from the same seed', () => {
    const options = { seed: 42, numbers: ['+15550000001'], calls: 50, days: 3, endDate: '2024-01-03' };
    const a = generateTwilioDataset(options);
    const b = generateTwilioDataset(options);
    expect(b.calls.map((c) => c.sid)).toEqual(a.calls.map((c) => c.sid));
    expect(b.totals).toEqual(a.totals);
    expect(generateTwilioDataset({ ...options, seed: 43 }).calls[0].sid).not.toBe(a.calls[0].sid);
  });

  it('leaves legs from `pricedFrom` on priced, and the rest of the data set as it was', () => {
    const options = { seed: 5, numbers: 2, calls: 2_000, days: 10, endDate: '2024-01-10', unpricedShare: 0.2 };
    const pricedFrom = new Date('2024-01-07T00:00:00Z');
    const all = generateTwilioDataset(options);
    const old = generateTwilioDataset({ ...options, pricedFrom });
    expect(old.calls.map((c) => c.sid)).toEqual(all.calls.map((c) => c.sid));
    expect(old.calls.filter((c) => c.startTime >= pricedFrom).every((c) => c.price !== null)).toBe(true);
    const unpriced = old.calls.filter((c) => c.price === null);
    expect(unpriced.length).toBeGreaterThan(0);
    expect(unpriced.map((c) => c.sid)).toEqual(all.calls.filter((c) => c.price === null && c.startTime < pricedFrom).map((c) => c.sid));
    expect(old.totals.finalCostSum).toBe(all.totals.finalCostSum);
  });
});

describe('TwilioHttpClient.rewrite', () => {
  const client = rawHttpClient('http://127.0.0.1:4010/prefix/');

  it('moves any twilio.com host to the base URL, keeping path and query', () => {
    expect(client.rewrite('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&To=%2B1555')).toBe(
      'http://127.0.0.1:4010/prefix/2010-04-01/Accounts/AC1/Calls.json?PageSize=50&To=%2B1555',
    );
    expect(client.rewrite('https://api.sydney.au1.twilio.com/2010-04-01/Accounts.json')).toBe('http://127.0.0.1:4010/prefix/2010-04-01/Accounts.json');
  });

  it('leaves other hosts alone', () => {
    expect(client.rewrite('https://example.com/twilio.com/x')).toBe('https://example.com/twilio.com/x');
  });
});
