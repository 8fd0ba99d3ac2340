import request from 'supertest';
import { AdminUsersService } from '../../src/admin/admin-users.service.js';
import { AdminRole } from '../../src/entities/index.js';
import { ExchangeRates } from '../../src/exchange-rates/exchange-rates.service.js';
import { ADMIN, ADMIN_ENV, login, panelPost, VIEWER } from '../admin/admin-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Admins enter a rate by hand in the panel; it is always a manual rate and wins over the ECB's. */
describe('exchange rates in the admin panel', () => {
  let t: TestApp;
  let adminCookie: string;
  let viewerCookie: string;
  const post = (path: string) => panelPost(t, path);
  const rows = () => t.db.ds.query(`SELECT currency, day::text, source::text, eur_rate::text AS rate FROM exchange_rates ORDER BY day, source`);

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ENV);
    await t.app.get(AdminUsersService).create(VIEWER.email, VIEWER.password, AdminRole.Viewer);
    adminCookie = (await login(t, ADMIN))!;
    viewerCookie = (await login(t, VIEWER))!;
    await t.db.ds.query(`INSERT INTO exchange_rates (currency, day, source, eur_rate) VALUES ('USD', '2026-11-27', 'ecb', 1.0498)`);
  });
  afterAll(() => t?.close());

  it('creates a manual rate, whatever source the form claims', async () => {
    const res = await post('/admin/api/resources/exchange_rates/actions/new')
      .set('Cookie', adminCookie)
      .field('currency', 'usd')
      .field('day', '2026-11-30')
      .field('eurRate', '1.0512')
      .field('source', 'ecb')
      .expect(200);
    expect(res.body.record.errors).toEqual({});
    expect(await t.app.get(ExchangeRates).rateOn('USD', '2026-11-30')).toMatchObject({ eurRate: '1.0512', source: 'manual' });
  });

  it('editing an ECB rate adds the manual one beside it, which wins', async () => {
    const [ecb] = await t.db.ds.query(`SELECT id FROM exchange_rates WHERE source = 'ecb'`);
    await post(`/admin/api/resources/exchange_rates/records/${ecb.id}/edit`).set('Cookie', adminCookie).field('eurRate', '1.06').expect(200);
    expect(await rows()).toEqual([
      { currency: 'USD', day: '2026-11-27', source: 'ecb', rate: '1.04980000' },
      { currency: 'USD', day: '2026-11-27', source: 'manual', rate: '1.06000000' },
      { currency: 'USD', day: '2026-11-30', source: 'manual', rate: '1.05120000' },
    ]);
    expect(await t.app.get(ExchangeRates).rateOn('USD', '2026-11-28')).toMatchObject({ eurRate: '1.06', source: 'manual' });
  });

  it.each([
    [{ currency: 'EUR', day: '2026-11-30', eurRate: '1' }, 'currency', /EUR is 1/],
    [{ currency: 'XYZ', day: '2026-11-30', eurRate: '1' }, 'currency', /ISO 4217/],
    [{ currency: 'USD', day: '2026-02-30', eurRate: '1' }, 'day', /calendar day/],
    [{ currency: 'USD', day: '2026-11-30', eurRate: '-1' }, 'eurRate', /positive decimal/],
  ])('shows a bad form %j as a field error', async (form, field, message) => {
    let req = post('/admin/api/resources/exchange_rates/actions/new').set('Cookie', adminCookie);
    for (const [k, v] of Object.entries(form)) req = req.field(k, v);
    const res = await req.expect(200);
    expect(res.body.record.errors[field].message).toMatch(message);
  });

  it('lets a viewer read but not write', async () => {
    await request(t.app.getHttpServer()).get('/admin/api/resources/exchange_rates/actions/list').set('Cookie', viewerCookie).expect(200);
    const before = await rows();
    const res = await post('/admin/api/resources/exchange_rates/actions/new')
      .set('Cookie', viewerCookie)
      .field('currency', 'GBP')
      .field('day', '2026-11-30')
      .field('eurRate', '0.8');
    expect(res.body.notice?.message).toBe('forbiddenError');
    expect(await rows()).toEqual(before);
  });
});
