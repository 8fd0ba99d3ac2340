import request from 'supertest';
import { insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login } from './admin-session.js';

const ACCOUNT = `AC${'0'.repeat(31)}1`;

/** The Conciliación page's account and month come from its URL: hostile ones get a clear 4xx, never a 5xx. */
describe('reconciliation page input', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN_ENV, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 'an-auth-token-for-tests' });
    cookie = (await login(t, ADMIN))!;
    await insertWorkspace(t.db.ds, 'acme');
  });
  afterAll(() => t?.close());

  const get = (query: string) => request(t.app.getHttpServer()).get(`/admin/api/panel/reconciliation?${query}`).set('Cookie', cookie);

  const cases: Array<[string, number, RegExp]> = [
    ['month=2026-13', 400, /month must be a month as YYYY-MM/],
    ['month=2026-1', 400, /month must be a month as YYYY-MM/],
    ['month=0000-01', 400, /month must be between 2000-01 and 2100-12/],
    ['month=99999-01', 400, /month must be a month as YYYY-MM/],
    ["month=2026-01'%3B--", 400, /month must be a month as YYYY-MM/],
    ['month=%00', 400, /control characters/],
    ['month=2026-01&month=2026-02', 400, /month must be a single value/],
    ['account=%00', 400, /control characters/],
    [`account=${'A'.repeat(2000)}`, 400, /longer than 1000/],
    [`account=AC${'f'.repeat(40)}`, 400, /account must be a Twilio account SID/],
    ["account=' OR 1=1 --", 404, /No Twilio account ''/],
    [`account=AC${'0'.repeat(32)}`, 404, /No Twilio account 'AC0+'/],
  ];
  const shortly = (query: string) => (query.length > 60 ? `${query.slice(0, 20)}… (${query.length} characters)` : query);

  it.each(cases.map(([query, status, message]) => [shortly(query), status, query, message] as const))('answers %s with %i', async (_title, status, query, message) => {
    const res = await get(query);
    expect([res.status, res.body.message]).toEqual([status, expect.stringMatching(message)]);
  });

  it('answers a known account and month, and defaults to the first account and the current month', async () => {
    const chosen = await get(`account=${ACCOUNT}&month=2026-02`).expect(200);
    expect(chosen.body).toMatchObject({ account: ACCOUNT, month: '2026-02', from: '2026-02-01', to: '2026-02-28', accounts: [ACCOUNT] });
    expect(chosen.body.twilio).toMatchObject({ days: [], unclaimedNumbers: [], totals: { twilioCost: '0', unexplained: '0' } });
    const fallback = await get('').expect(200);
    expect(fallback.body).toMatchObject({ account: ACCOUNT, month: new Date().toISOString().slice(0, 7) });
  });

  it('is for signed-in people only', async () => {
    const res = await request(t.app.getHttpServer()).get('/admin/api/panel/reconciliation');
    expect(res.status === 401 || (res.status === 302 && /\/admin\/login/.test(res.headers.location))).toBe(true);
  });
});
