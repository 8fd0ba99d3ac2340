import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startAnotherInstance } from '../alerts/second-instance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login, panelOrigin, panelPost } from './admin-session.js';

const EVIL = 'http://evil.example';

describe('panel writes from another site (CSRF)', () => {
  let t: TestApp;
  let cookie: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ENV);
    cookie = (await login(t, ADMIN))!;
  });
  afterAll(() => t?.close());

  const newWorkspace = (req: request.Test) =>
    req.set('Cookie', cookie).field('name', 'Forged').field('slug', 'forged').field('twilioPhoneNumbers.0', '+34910000009').field('elevenlabsApiKey', 'sk_forged_key_1234567890');
  const forged = async () => (await t.db.ds.query(`SELECT 1 FROM workspaces WHERE slug = 'forged'`)).length;

  it.each([
    ['an Origin of another site', { Origin: EVIL }],
    ['a Referer of another site and no Origin', { Referer: `${EVIL}/page` }],
    ['neither Origin nor Referer', {}],
    ['Origin: null (a sandboxed frame)', { Origin: 'null' }],
  ])('refuses an AdminJS action with a valid cookie and %s: 403, nothing written', async (_, headers) => {
    const res = await newWorkspace(http().post('/admin/api/resources/workspaces/actions/new').set(headers));
    expect(res.status).toBe(403);
    expect(await forged()).toBe(0);
  });

  it('refuses Sync now and the login form from another site', async () => {
    expect((await http().post('/admin/api/panel/sync').set('Cookie', cookie).set('Origin', EVIL)).status).toBe(403);
    expect(await t.db.ds.query(`SELECT 1 FROM sync_runs`)).toHaveLength(0);
    const loginCsrf = await http().post('/admin/login').set('Origin', EVIL).field('email', ADMIN.email).field('password', ADMIN.password);
    expect([loginCsrf.status, loginCsrf.headers['set-cookie']]).toEqual([403, undefined]);
  });

  it("accepts the panel's own writes: its Origin, the address it was sent to, or its Referer", async () => {
    const created = await newWorkspace(panelPost(t, '/admin/api/resources/workspaces/actions/new'));
    expect(created.body.notice?.type).toBe('success');
    const { port } = t.app.getHttpServer().address();
    const byHost = await http()
      .post(`/admin/api/resources/workspaces/records/${created.body.record.id}/edit`)
      .set('Origin', `http://127.0.0.1:${port}`)
      .set('Cookie', cookie)
      .field('name', 'Renamed');
    expect(byHost.body.notice?.type).toBe('success');
    // No Origin (an older browser), a Referer from the panel. (Not Sync now: a run here would call the real vendors.)
    const byReferer = await http()
      .post(`/admin/api/resources/workspaces/records/${created.body.record.id}/edit`)
      .set('Referer', `${panelOrigin(t)}/admin/resources/workspaces`)
      .set('Cookie', cookie)
      .field('name', 'Renamed again');
    expect(byReferer.body.notice?.type).toBe('success');
    expect((await t.db.ds.query(`SELECT name FROM workspaces WHERE slug = 'forged'`))[0].name).toBe('Renamed again');
  });
});

describe('panel login throttle', () => {
  let t: TestApp;
  let other: INestApplication;

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN_ENV, TRUST_PROXY: 'loopback' });
    other = await startAnotherInstance(t.config, t.db.url);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const attempt = (app: INestApplication, email: string, password: string, clientIp: string) =>
    request(app.getHttpServer()).post('/admin/login').set('Origin', panelOrigin(t)).set('X-Forwarded-For', clientIp).field('email', email).field('password', password);

  it('counts twenty wrong passwords sent at once: a few are checked one after another, the rest refused at once, on every replica', async () => {
    const started = Date.now();
    const burst = Promise.all(
      Array.from({ length: 20 }, () =>
        attempt(t.app, ADMIN.email, 'wrong-password-123', '203.0.113.7').then((r) => ({ status: r.status, at: Date.now() - started, retryAfter: r.headers['retry-after'] })),
      ),
    );
    // While the burst queues, the right password on another replica is refused too: one count in PostgreSQL.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const onOther = await attempt(other, ADMIN.email, ADMIN.password, '203.0.113.8');
    expect(onOther.status).toBe(429);
    expect(onOther.text).toContain('Demasiados intentos');

    const results = await burst;
    const checked = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(checked.length + refused.length).toBe(20);
    expect(checked.length).toBeLessThanOrEqual(7);
    expect(refused.length).toBeGreaterThanOrEqual(13);
    for (const r of refused) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    // The checked ones were spaced out as sequential attempts would be, not run together.
    expect(Math.max(...checked.map((r) => r.at))).toBeGreaterThanOrEqual(3500);
  });

  it('keys the address on the client the trusted proxy names, so another client is not slowed', async () => {
    const started = Date.now();
    const res = await attempt(t.app, 'someone@simbiosia.test', 'whatever-password', '198.51.100.4');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    const keys = (await t.db.ds.query(`SELECT key FROM admin_login_attempts ORDER BY key`)).map((r: { key: string }) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['ip:203.0.113.7', 'ip:198.51.100.4', `email:${ADMIN.email}`]));
  });
});

describe('panel login throttle without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp(ADMIN_ENV)));
  afterAll(() => t?.close());

  it('ignores X-Forwarded-For: a client cannot pick the address it is counted under', async () => {
    await request(t.app.getHttpServer())
      .post('/admin/login')
      .set('Origin', panelOrigin(t))
      .set('X-Forwarded-For', '203.0.113.99')
      .field('email', 'x@simbiosia.test')
      .field('password', 'nope-nope-nope');
    const keys = (await t.db.ds.query(`SELECT key FROM admin_login_attempts`)).map((r: { key: string }) => r.key);
    expect(keys).toContain('ip:127.0.0.1');
    expect(keys).not.toContain('ip:203.0.113.99');
  });
});
