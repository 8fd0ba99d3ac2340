import { Router as AdminRouter } from 'adminjs';
import request from 'supertest';
import { AdminUsersService } from '../../src/admin/admin-users.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { AdminRole } from '../../src/entities/index.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login, panelPost, VIEWER } from './admin-session.js';

const SECRET_KEY = 'sk_live_panel_secret_value_123456';
const PANEL_ROUTES = [
  '/admin/export.xlsx',
  '/admin/export.csv',
  '/admin/api/panel/sync/00000000-0000-0000-0000-000000000000',
  '/admin/api/panel/workspaces/x',
  '/admin/api/panel/period',
  '/admin/api/panel/export-check',
];

describe('the admin panel: login, roles, secrets', () => {
  let t: TestApp;
  let adminCookie: string;
  let viewerCookie: string;
  let workspaceId: string;
  const http = () => request(t.app.getHttpServer());
  const post = (path: string) => panelPost(t, path);

  beforeAll(async () => {
    // 04:00 on 2 November in Madrid: the period buttons are worked out by this clock, not the browser's.
    t = await startTestApp({ ...ADMIN_ENV, REPORT_TIMEZONE: 'Europe/Madrid' }, { clock: new FixedClock('2026-11-02T03:00:00Z') });
    await t.app.get(AdminUsersService).create(VIEWER.email, VIEWER.password, AdminRole.Viewer);
    workspaceId = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(t.db.ds, [
      { workspaceId, startedAt: '2026-10-05T10:00:00Z', durationSeconds: 60, twilioCost: '0.0100000000', elevenlabsCost: '0.1000000000' },
      { workspaceId, startedAt: '2026-10-06T10:00:00Z', durationSeconds: 120, twilioCost: '0.0300000000', elevenlabsCost: '0.5000000000' },
      { workspaceId, startedAt: '2026-10-07T10:00:00Z', durationSeconds: 30, twilioCost: '0.0085', elevenlabsCost: '0.0500000000' },
    ]);
    adminCookie = (await login(t, ADMIN))!;
    viewerCookie = (await login(t, VIEWER))!;
  });

  afterAll(() => t?.close());

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD and stores only an argon2 hash', async () => {
    const [user] = await t.db.ds.query(`SELECT email, role, password_hash FROM admin_users WHERE email = $1`, [ADMIN.email]);
    expect(user.role).toBe('admin');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain(ADMIN.password);
  });

  it('refuses every panel page and API without a session', async () => {
    const paths = AdminRouter.routes
      .filter((r) => r.action !== 'bundleComponents')
      .map((r) => ({
        method: r.method,
        path: `/admin${r.path.replace(/\{(\w+)\}/g, (_, p) => (p === 'recordId' ? workspaceId : p === 'resourceId' ? 'workspaces' : p === 'pageName' ? 'x' : 'list'))}`,
      }));
    paths.push(...PANEL_ROUTES.map((path) => ({ method: 'GET' as const, path })), { method: 'POST', path: '/admin/api/panel/sync' });
    expect(paths.length).toBeGreaterThan(15);
    for (const { method, path } of paths) {
      const res = method === 'POST' ? await post(path) : await http().get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 302, '/admin/login']);
    }
    const runs = await t.db.ds.query(`SELECT count(*)::int AS n FROM sync_runs`);
    expect(runs[0].n).toBe(0);
  });

  it('refuses a wrong password and an unknown e-mail, and slows down repeated failures', async () => {
    expect(await login(t, { email: ADMIN.email, password: 'wrong-password-123' })).toBeNull();
    expect(await login(t, { email: 'nobody@simbiosia.test', password: ADMIN.password })).toBeNull();
    const page = await post('/admin/login').field('email', ADMIN.email).field('password', 'nope');
    expect(page.text).toContain('Correo o contraseña incorrectos');
    const started = Date.now();
    expect(await login(t, { email: ADMIN.email, password: 'wrong-again-123' })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('keeps sessions in PostgreSQL with an httpOnly, SameSite cookie', async () => {
    const res = await post('/admin/login').field('email', VIEWER.email).field('password', VIEWER.password).expect(302);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('simbiosia_admin='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM admin_sessions`);
    expect(n).toBeGreaterThanOrEqual(2);
    await http().get('/admin/api/resources/calls/actions/list').set('Cookie', adminCookie).expect(200);
  });

  it('serves the dashboard with the reporting API figures', async () => {
    const query = { from: '2026-10-01', to: '2026-10-31' };
    const dash = await http().get('/admin/api/dashboard').query(query).set('Cookie', adminCookie).expect(200);
    const api = await http().get('/api/reports/summary').query(query).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);
    expect(dash.body.summary).toEqual(api.body);
    expect(dash.body.summary.totalCost).toBe('0.6985');
    expect(dash.body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['acme']);
    // The components chart: every day of the period, its stack the day's whole cost per minute.
    const days: Array<{ day: string; costPerMinute: Record<string, string | null> }> = dash.body.dailyComponents;
    expect(days.map((d) => d.day)).toEqual(dash.body.daily.map((d: { bucket: string }) => d.bucket));
    expect(days.map((d) => d.costPerMinute.total)).toEqual(dash.body.daily.map((d: { costPerMinute: string | null }) => d.costPerMinute));
    // A refused period answers as the API does: 400 and its reason, which the page shows.
    const bad = await http().get('/admin/api/dashboard').query({ from: '2026-13-01' }).set('Cookie', adminCookie).expect(400);
    expect(bad.body.message).toMatch(/from/);
  });

  it('works out a period button on the server, by its clock and zone, and says what the cards compare with', async () => {
    const month = (await http().get('/admin/api/dashboard').query({ preset: 'month' }).set('Cookie', viewerCookie).expect(200)).body;
    expect([month.from, month.to, month.timezone]).toEqual(['2026-11-01', '2026-11-02', 'Europe/Madrid']);
    // October has two more days: 1 November to 04:00 on the 2nd against 1 October to 04:00 (summer time) on the 2nd.
    expect(month.comparedWith).toMatchObject({ shape: 'month', from: '2026-10-01', to: '2026-10-02', until: '2026-10-02T02:00:00.000Z' });
    expect(month.comparedWith.words.es).toBe('frente a 1–2 oct hasta las 04:00');
    expect(month.comparedWith.words.en.replace(/\s/g, ' ')).toBe('vs 1 – 2 Oct until 04:00');
    const last = (await http().get('/admin/api/dashboard').query({ preset: 'lastMonth' }).set('Cookie', viewerCookie).expect(200)).body;
    expect([last.from, last.to, last.summary.totalCost]).toEqual(['2026-10-01', '2026-10-31', '0.6985']);
    expect(last.comparedWith).toMatchObject({ shape: 'month', from: '2026-09-01', to: '2026-09-30', until: null });
    const ws = (await http().get(`/admin/api/panel/workspaces/${workspaceId}`).query({ preset: 'last7' }).set('Cookie', viewerCookie).expect(200)).body;
    expect([ws.from, ws.to, ws.comparedWith.shape]).toEqual(['2026-10-27', '2026-11-02', 'range']);
    expect((await http().get('/admin/api/panel/period').query({ preset: 'last30' }).set('Cookie', viewerCookie).expect(200)).body).toMatchObject({
      from: '2026-10-04',
      to: '2026-11-02',
    });
    const bad = await http().get('/admin/api/dashboard').query({ preset: 'someday' }).set('Cookie', viewerCookie).expect(400);
    expect(bad.body.message).toMatch(/preset must be one of month, lastMonth, last7, last30/);
  });

  it('lists calls with exact counts and sorts them by total cost', async () => {
    const res = await http().get('/admin/api/resources/calls/actions/list').query({ sortBy: 'totalCost', direction: 'desc' }).set('Cookie', viewerCookie).expect(200);
    expect(res.body.meta.total).toBe(3);
    expect(res.body.records.map((r: { params: { totalCost: string } }) => r.params.totalCost)).toEqual(['0.53', '0.11', '0.0585']);
    const filtered = await http()
      .get('/admin/api/resources/calls/actions/list')
      .query({ 'filters.workspaceId': workspaceId, 'filters.startedAt~~from': '2026-10-06', 'filters.startedAt~~to': '2026-10-31' })
      .set('Cookie', viewerCookie)
      .expect(200);
    expect(filtered.body.meta.total).toBe(2);
  });

  it('keeps workspace secrets write-only: encrypted at rest, never in a panel response', async () => {
    const created = await post('/admin/api/resources/workspaces/actions/new')
      .set('Cookie', adminCookie)
      .field('name', 'Globex')
      .field('slug', 'globex')
      .field('twilioPhoneNumbers.0', '+34910000001')
      .field('elevenlabsApiKey', SECRET_KEY)
      .expect(200);
    expect(created.body.record?.params?.slug).toBe('globex');
    const id = created.body.record.id;
    const [row] = await t.db.ds.query(`SELECT elevenlabs_api_key_encrypted AS enc FROM workspaces WHERE id = $1`, [id]);
    expect(row.enc).toMatch(/^v1:/);

    const edited = await post(`/admin/api/resources/workspaces/records/${id}/edit`)
      .set('Cookie', adminCookie)
      .field('name', 'Globex Corp')
      .field('elevenlabsApiKey', '')
      .expect(200);
    const [after] = await t.db.ds.query(`SELECT name, elevenlabs_api_key_encrypted AS enc FROM workspaces WHERE id = $1`, [id]);
    expect(after).toEqual({ name: 'Globex Corp', enc: row.enc });

    const responses = [
      created.text,
      edited.text,
      (await http().get('/admin/api/resources/workspaces/actions/list').set('Cookie', adminCookie).expect(200)).text,
      (await http().get(`/admin/api/resources/workspaces/records/${id}/show`).set('Cookie', adminCookie).expect(200)).text,
      (await http().get(`/admin/api/resources/workspaces/records/${id}/edit`).set('Cookie', adminCookie).expect(200)).text,
    ];
    for (const body of responses) {
      expect(body).not.toContain(SECRET_KEY);
      expect(body).not.toContain(row.enc);
      expect(body).not.toMatch(/ApiKeyEncrypted|AuthTokenEncrypted/);
    }
  });

  it('shows a bad workspace form as field errors, not a 500', async () => {
    const res = await post('/admin/api/resources/workspaces/actions/new')
      .set('Cookie', adminCookie)
      .field('name', 'Bad')
      .field('slug', 'Not A Slug')
      .field('elevenlabsApiKey', SECRET_KEY)
      .expect(200);
    expect(res.body.record.errors.slug.message).toMatch(/slug must be lower-case/);
    expect(res.text).not.toContain(SECRET_KEY);
  });

  // AdminJS answers a forbidden action with 200 and an error notice; what matters is that nothing happens.
  it('lets a viewer read but not write, start a sync or manage users', async () => {
    const forbidden = (res: request.Response) => expect([res.body.notice?.message, res.body.records ?? []]).toEqual(['forbiddenError', []]);
    await http().get('/admin/api/resources/workspaces/actions/list').set('Cookie', viewerCookie).expect(200);
    forbidden(await post(`/admin/api/resources/workspaces/records/${workspaceId}/edit`).set('Cookie', viewerCookie).field('name', 'Hacked'));
    forbidden(await post('/admin/api/resources/workspaces/actions/new').set('Cookie', viewerCookie).field('name', 'X').field('slug', 'x'));
    forbidden(await post(`/admin/api/resources/workspaces/records/${workspaceId}/delete`).set('Cookie', viewerCookie));
    forbidden(await http().get('/admin/api/resources/admin_users/actions/list').set('Cookie', viewerCookie));
    const workspaces = await t.db.ds.query(`SELECT slug, name FROM workspaces ORDER BY slug`);
    expect(workspaces.find((w: { slug: string }) => w.slug === 'acme')).toEqual({ slug: 'acme', name: 'ACME' });
    expect(workspaces.map((w: { slug: string }) => w.slug)).not.toContain('x');
    expect((await post('/admin/api/panel/sync').set('Cookie', viewerCookie)).status).toBe(403);
    const users = await http().get('/admin/api/resources/admin_users/actions/list').set('Cookie', adminCookie).expect(200);
    expect(users.body.meta.total).toBe(2);
  });

  it('shows an alert event by its plain-text line, and its Slack payload on the record page', async () => {
    const [rule] = await t.db.ds.query(`INSERT INTO alert_rules (name, budget, slack_channel) VALUES ('Monthly budget', 100, '#costs') RETURNING id`);
    const payload = { text: 'ACME spent $81.20 of $100.00 this month (80%)', blocks: [{ type: 'section' }] };
    await t.db.ds.query(`INSERT INTO alert_events (rule_id, period_key, tier, status, value, threshold, message) VALUES ($1, '2026-10', 80, 'sent', 81.2, 100, $2)`, [
      rule.id,
      JSON.stringify(payload),
    ]);
    const list = await http().get('/admin/api/resources/alert_events/actions/list').set('Cookie', viewerCookie).expect(200);
    expect(list.body.records.map((r: { params: { summary: string } }) => r.params.summary)).toEqual([payload.text]);
    const show = await http().get(`/admin/api/resources/alert_events/records/${list.body.records[0].id}/show`).set('Cookie', viewerCookie).expect(200);
    expect(JSON.parse(show.body.record.params.message)).toEqual(payload);
  });

  it('hashes passwords of users added in the panel and never returns the hash', async () => {
    const res = await post('/admin/api/resources/admin_users/actions/new')
      .set('Cookie', adminCookie)
      .field('email', 'Ana@Simbiosia.test')
      .field('role', 'viewer')
      .field('password', 'ana-password-long')
      .expect(200);
    expect(res.text).not.toContain('ana-password-long');
    expect(res.text).not.toContain('argon2');
    expect(await login(t, { email: 'ana@simbiosia.test', password: 'ana-password-long' })).not.toBeNull();
  });
});

describe('the admin panel behind TLS (PUBLIC_URL https)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ ...ADMIN_ENV, PUBLIC_URL: 'https://backoffice.example.com' })));
  afterAll(() => t?.close());

  it('sends the session cookie Secure when the proxy says the request came over https, and not otherwise', async () => {
    const viaProxy = await panelPost(t, '/admin/login').set('X-Forwarded-Proto', 'https').field('email', ADMIN.email).field('password', ADMIN.password).expect(302);
    expect((viaProxy.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('simbiosia_admin='))).toMatch(/; Secure/);
    const plain = await panelPost(t, '/admin/login').field('email', ADMIN.email).field('password', ADMIN.password).expect(302);
    expect(plain.headers['set-cookie']).toBeUndefined();
  });
});
