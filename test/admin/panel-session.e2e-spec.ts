import request from 'supertest';
import { AdminUsersService } from '../../src/admin/admin-users.service.js';
import { AdminRole } from '../../src/entities/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login, panelPost } from './admin-session.js';

/** Sessions follow the user as the database has them now; a session id never outlives a login. */
describe('panel sessions', () => {
  let t: TestApp;
  let users: AdminUsersService;
  const http = () => request(t.app.getHttpServer());
  const signedIn = async (cookie: string) => (await http().get('/admin/api/resources/workspaces/actions/list').set('Cookie', cookie)).status === 200;
  const roleOf = async (cookie: string) => (await http().get('/admin/api/resources/admin_users/actions/list').set('Cookie', cookie)).body.notice?.message ?? 'allowed';
  let n = 0;
  /** A fresh admin (another person), so each test changes only its own user. */
  const anotherAdmin = async () => {
    const who = { email: `admin${++n}@simbiosia.test`, password: `password-of-admin-${n}` };
    const user = await users.create(who.email, who.password, AdminRole.Admin);
    return { ...who, id: user.id };
  };

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ENV);
    users = t.app.get(AdminUsersService);
  });
  afterAll(() => t?.close());

  it('a demoted admin loses admin rights on the next request, and every open session of theirs ends', async () => {
    const ana = await anotherAdmin();
    const cookie = (await login(t, ana))!;
    expect(await roleOf(cookie)).toBe('allowed');
    await users.update(ana.id, { role: AdminRole.Viewer });
    expect(await signedIn(cookie)).toBe(false);
    // Signed in again, as what the database now says: a viewer.
    const again = (await login(t, ana))!;
    expect(await roleOf(again)).toBe('forbiddenError');
    const created = await panelPost(t, '/admin/api/resources/admin_users/actions/new')
      .set('Cookie', again)
      .field('email', 'intruder@simbiosia.test')
      .field('role', 'admin')
      .field('password', 'intruder-password');
    expect(created.body.notice?.message).toBe('forbiddenError');
    expect(await t.db.ds.query(`SELECT 1 FROM admin_users WHERE email = 'intruder@simbiosia.test'`)).toHaveLength(0);
  });

  it('a role read from the database applies even to a session that still claims the old one', async () => {
    const bea = await anotherAdmin();
    const cookie = (await login(t, bea))!;
    // Demoted behind the app's back (no version bump): the session's copy says admin, the database viewer.
    await t.db.ds.query(`UPDATE admin_users SET role = 'viewer' WHERE id = $1`, [bea.id]);
    expect(await roleOf(cookie)).toBe('forbiddenError');
    expect((await panelPost(t, '/admin/api/panel/sync').set('Cookie', cookie)).status).toBe(403);
  });

  it('a deleted admin is signed out at once and cannot create another admin', async () => {
    const carl = await anotherAdmin();
    const cookie = (await login(t, carl))!;
    await users.remove(carl.id);
    const created = await panelPost(t, '/admin/api/resources/admin_users/actions/new')
      .set('Cookie', cookie)
      .field('email', 'carl-again@simbiosia.test')
      .field('role', 'admin')
      .field('password', 'carl-again-password');
    expect([created.status, created.headers.location]).toEqual([302, '/admin/login']);
    expect(await t.db.ds.query(`SELECT 1 FROM admin_users WHERE email = 'carl-again@simbiosia.test'`)).toHaveLength(0);
  });

  it("a password change ends the user's other sessions but keeps the one it was made from", async () => {
    const dora = await anotherAdmin();
    const here = (await login(t, dora))!;
    const elsewhere = (await login(t, dora))!;
    const edited = await panelPost(t, `/admin/api/resources/admin_users/records/${dora.id}/edit`)
      .set('Cookie', here)
      .field('email', dora.email)
      .field('role', 'admin')
      .field('password', 'a-brand-new-password');
    expect(edited.status).toBe(200);
    expect(edited.body.notice?.type).toBe('success');
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(false);
    expect(await login(t, { email: dora.email, password: 'a-brand-new-password' })).not.toBeNull();
  });

  it('gives a new session id at login: an id planted before it never becomes a signed-in session', async () => {
    const eve = await anotherAdmin();
    const planted = (await login(t, eve))!; // the attacker's own session, planted in the victim's browser
    const res = await panelPost(t, '/admin/login').set('Cookie', planted).field('email', ADMIN.email).field('password', ADMIN.password).expect(302);
    const issued = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('simbiosia_admin='))!.split(';')[0];
    expect(issued).not.toBe(planted);
    expect(await signedIn(planted)).toBe(false);
    const [{ email }] = await t.db.ds.query(`SELECT sess->'adminUser'->>'email' AS email FROM admin_sessions WHERE sid = $1`, [sid(issued)]);
    expect(email).toBe(ADMIN.email);
  });

  it('ends a session 8 hours after login however busy it was, and does not renew the cookie on use', async () => {
    const cookie = (await login(t, ADMIN))!;
    const used = await http().get('/admin/api/resources/workspaces/actions/list').set('Cookie', cookie).expect(200);
    expect(used.headers['set-cookie']).toBeUndefined();
    await t.db.ds.query(`UPDATE admin_sessions SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb($2::bigint))::json WHERE sid = $1`, [
      sid(cookie),
      Date.now() - 8 * 3600_000 - 1000,
    ]);
    expect(await signedIn(cookie)).toBe(false);
    expect(await t.db.ds.query(`SELECT 1 FROM admin_sessions WHERE sid = $1`, [sid(cookie)])).toHaveLength(0);
  });

  it('logs out by POST only: a GET changes nothing, a POST from the panel ends the session', async () => {
    const cookie = (await login(t, ADMIN))!;
    const get = await http().get('/admin/logout').set('Cookie', cookie);
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    expect(await signedIn(cookie)).toBe(true);
    const crossSite = await http().post('/admin/logout').set('Cookie', cookie).set('Origin', 'http://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await signedIn(cookie)).toBe(true);
    const out = await panelPost(t, '/admin/logout').set('Cookie', cookie);
    expect([out.status, out.headers.location]).toEqual([303, '/admin/login']);
    expect(await signedIn(cookie)).toBe(false);
  });
});

/** The session id inside a signed `simbiosia_admin=s%3A<sid>.<signature>` cookie. */
function sid(cookie: string): string {
  return decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
}
