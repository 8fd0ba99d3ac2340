import request from 'supertest';
import { Decimal } from 'decimal.js';
import { ExchangeRatesImporter } from '../../src/exchange-rates/exchange-rates.importer.js';
import { ExchangeRates, MissingRateError } from '../../src/exchange-rates/exchange-rates.service.js';
import { EcbFormatError } from '../../src/exchange-rates/ecb-xml.parser.js';
import { EcbEmulator } from '../emulators/ecb/ecb.emulator.js';
import { ecbRate } from '../emulators/ecb/ecb.dataset.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HIST = '/stats/eurofxref/eurofxref-hist.xml';
const HIST_90D = '/stats/eurofxref/eurofxref-hist-90d.xml';

describe('exchange rates: ECB import, lookup and API', () => {
  const ecb = new EcbEmulator('2025-12-31', '2020-01-01');
  let t: TestApp;
  let importer: ExchangeRatesImporter;
  let rates: ExchangeRates;
  let workspaceId: string;
  const api = () => request(t.app.getHttpServer());
  const auth = () => `Bearer ${t.config.secrets.apiToken}`;
  const q = <T>(sql: string, params: unknown[] = []) => t.db.ds.query<T>(sql, params);
  const ecbRows = async () => (await q<Array<{ n: string; oldest: string }>>(`SELECT count(*)::text AS n, min(day)::text AS oldest FROM exchange_rates WHERE source = 'ecb'`))[0];

  beforeAll(async () => {
    await ecb.start();
    t = await startTestApp({ FX_RATES_URL: ecb.ratesUrl, VENDOR_MAX_RETRIES: '1', VENDOR_RETRY_BASE_MS: '1' });
    importer = t.app.get(ExchangeRatesImporter);
    rates = t.app.get(ExchangeRates);
    workspaceId = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(t.db.ds, [{ workspaceId, startedAt: '2025-03-10T09:00:00Z' }]);
  });
  afterAll(async () => {
    await t?.close();
    await ecb.stop();
  });

  describe('import', () => {
    it('first reads the full history, kept from a few days before the oldest call, never the whole file', async () => {
      ecb.take();
      const outcome = await importer.importNow();
      expect(ecb.take()).toEqual([HIST]);
      expect(outcome).toMatchObject({ keptFrom: '2025-03-03' });
      const { oldest } = await ecbRows();
      expect(oldest).toBe('2025-03-03'); // a Monday: the first business day kept
      const [usd] = await q<Array<{ r: string }>>(`SELECT eur_rate::text AS r FROM exchange_rates WHERE currency = 'USD' AND day = '2025-03-10'`);
      expect(new Decimal(usd.r).eq(ecbRate('USD', '2025-03-10'))).toBe(true);
      // No weekends, no TARGET holidays: the ECB publishes none.
      const days = (await q<Array<{ d: string }>>(`SELECT DISTINCT day::text AS d FROM exchange_rates`)).map((r) => r.d);
      expect(days).not.toContain('2025-03-08');
      for (const holiday of ['2025-12-25', '2025-12-26', '2025-05-01', '2025-04-18', '2025-04-21']) expect(days).not.toContain(holiday);
      expect(days).toContain('2025-12-24');
    });

    it('later reads the 90-day file, and a repeated import changes nothing', async () => {
      const before = await q<Array<{ at: string }>>(`SELECT max(updated_at)::text AS at FROM exchange_rates`);
      const count = await ecbRows();
      const outcome = await importer.importNow();
      expect(ecb.take()).toEqual([HIST_90D]);
      expect(outcome?.changed).toBe(0);
      expect(await ecbRows()).toEqual(count);
      expect(await q(`SELECT max(updated_at)::text AS at FROM exchange_rates`)).toEqual(before);
    });

    it('reads the history again when an older call appears', async () => {
      await insertCalls(t.db.ds, [{ workspaceId, startedAt: '2024-06-03T23:59:00Z' }]);
      await importer.importNow();
      expect(ecb.take()).toEqual([HIST]);
      expect((await ecbRows()).oldest <= '2024-06-03').toBe(true);
    });

    it('refuses garbage and a failing ECB with a clear error, keeping the stored rates', async () => {
      const count = await ecbRows();
      ecb.mode = 'garbage';
      await expect(importer.importNow()).rejects.toThrow(EcbFormatError);
      ecb.mode = 'fail';
      await expect(importer.importNow()).rejects.toThrow(/HTTP 500/);
      ecb.mode = 'ok';
      expect(await ecbRows()).toEqual(count);
    });
  });

  describe('lookup', () => {
    it('uses Friday on a weekend, with the gap', async () => {
      const sat = await rates.rateOn('USD', '2025-03-15');
      expect(sat).toMatchObject({ currency: 'USD', day: '2025-03-15', publishedOn: '2025-03-14', source: 'ecb', gapDays: 1, stale: false });
      expect(new Decimal(sat.eurRate).eq(ecbRate('USD', '2025-03-14'))).toBe(true);
    });

    it('prefers a manual rate over the ECB for its day, and an import keeps it', async () => {
      await rates.setManual('USD', '2025-03-14', '1.2');
      await importer.importNow();
      expect(await rates.rateOn('USD', '2025-03-16')).toMatchObject({ eurRate: '1.2', source: 'manual', publishedOn: '2025-03-14' });
      // The ECB's row stays beside it.
      expect(await q(`SELECT source::text FROM exchange_rates WHERE currency = 'USD' AND day = '2025-03-14' ORDER BY source`)).toEqual([{ source: 'ecb' }, { source: 'manual' }]);
    });

    it('flags a gap longer than 7 days', async () => {
      await rates.setManual('CHF', '2025-01-02', '0.95');
      expect(await rates.rateOn('CHF', '2025-01-09')).toMatchObject({ gapDays: 7, stale: false });
      expect(await rates.rateOn('CHF', '2025-01-20')).toMatchObject({ eurRate: '0.95', gapDays: 18, stale: true });
    });

    it('converts through the euro, exactly', async () => {
      await rates.setManual('USD', '2025-04-01', '1.25');
      await rates.setManual('MXN', '2025-04-01', '21.5');
      // 100 USD = 100 / 1.25 EUR = 80 EUR = 80 × 21.5 MXN = 1720 MXN.
      expect(await rates.convert('100', 'USD', 'MXN', '2025-04-01')).toBe('1720');
      expect(await rates.convert('1720', 'MXN', 'USD', '2025-04-01')).toBe('100');
      expect(await rates.convert('10', 'USD', 'EUR', '2025-04-01')).toBe('8');
      expect(await rates.convert('0.01', 'EUR', 'MXN', '2025-04-01')).toBe('0.215');
      expect(await rates.convert('12.34', 'GBP', 'GBP', '2025-04-01')).toBe('12.34');
    });

    it('fills every day of a range with the rate in force', async () => {
      const days = await rates.dailyRates('USD', '2025-04-01', '2025-04-07');
      expect(days.map((d) => [d.day, d.publishedOn])).toEqual([
        ['2025-04-01', '2025-04-01'],
        ['2025-04-02', '2025-04-02'],
        ['2025-04-03', '2025-04-03'],
        ['2025-04-04', '2025-04-04'],
        ['2025-04-05', '2025-04-04'],
        ['2025-04-06', '2025-04-04'],
        ['2025-04-07', '2025-04-07'],
      ]);
      expect(days[0]).toMatchObject({ eurRate: '1.25', source: 'manual' });
    });

    it('answers a typed error naming the currency and the day when no rate is on or before it', async () => {
      const err = await rates.rateOn('USD', '2019-12-31').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingRateError);
      expect(err).toMatchObject({ currency: 'USD', day: '2019-12-31' });
      await expect(rates.convert('1', 'EUR', 'ARS', '2025-04-01')).rejects.toThrow('No exchange rate for ARS on or before 2025-04-01');
    });
  });

  describe('API', () => {
    it('lists every day of the range with the rate in force', async () => {
      const res = await api().get('/api/exchange-rates').query({ currency: 'USD', from: '2025-03-13', to: '2025-03-17' }).set('Authorization', auth()).expect(200);
      expect(res.body.currency).toBe('USD');
      expect(res.body.rates.map((r: { day: string; publishedOn: string; source: string }) => [r.day, r.publishedOn, r.source])).toEqual([
        ['2025-03-13', '2025-03-13', 'ecb'],
        ['2025-03-14', '2025-03-14', 'manual'],
        ['2025-03-15', '2025-03-14', 'manual'],
        ['2025-03-16', '2025-03-14', 'manual'],
        ['2025-03-17', '2025-03-17', 'ecb'],
      ]);
      const eur = await api().get('/api/exchange-rates').query({ currency: 'EUR', from: '2025-03-13', to: '2025-03-14' }).set('Authorization', auth()).expect(200);
      expect(eur.body.rates.map((r: { eurRate: string }) => r.eurRate)).toEqual(['1', '1']);
    });

    it('sets a manual rate and answers the stored row', async () => {
      const res = await api().put('/api/exchange-rates/gbp/2025-03-12').set('Authorization', auth()).send({ eurRate: '0.84123456' }).expect(200);
      expect(res.body).toMatchObject({ currency: 'GBP', day: '2025-03-12', eurRate: '0.84123456', source: 'manual', publishedOn: '2025-03-12', gapDays: 0 });
      expect((await rates.rateOn('GBP', '2025-03-12')).eurRate).toBe('0.84123456');
    });

    it.each([
      [{ currency: 'US1', from: '2025-03-13', to: '2025-03-14' }, /three-letter/],
      [{ currency: 'XYZ', from: '2025-03-13', to: '2025-03-14' }, /not an ISO 4217/],
      [{ currency: 'USD', from: '2025-02-30', to: '2025-03-14' }, /from must be a calendar day/],
      [{ currency: 'USD', from: '2025-03-14', to: '2025-03-13' }, /on or before/],
      [{ currency: 'USD', from: '2024-01-01', to: '2025-03-14' }, /400 days/],
      [{ currency: 'USD', from: '2019-12-30', to: '2019-12-31' }, /No exchange rate for USD on or before 2019-12-30/],
      [{ currency: 'USD', to: '2025-03-14' }, /from/],
    ])('answers 400 with a reason to %j', async (query, reason) => {
      const res = await api().get('/api/exchange-rates').query(query).set('Authorization', auth()).expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(reason);
    });

    it.each([
      ['USD', '2025-03-12', { eurRate: '0' }],
      ['USD', '2025-03-12', { eurRate: '-1.05' }],
      ['USD', '2025-03-12', { eurRate: '1.123456789' }],
      ['USD', '2025-03-12', { eurRate: 1.05 }],
      ['USD', '2025-03-12', { eurRate: '1e3' }],
      ['USD', '2025-03-12', {}],
      ['USD', '2025-03-12', { eurRate: '1.05', source: 'ecb' }],
      ['EUR', '2025-03-12', { eurRate: '1.05' }],
      ['USD', '2025-3-12', { eurRate: '1.05' }],
      ['USD', '0000-01-01', { eurRate: '1.05' }],
      ['QQQ', '2025-03-12', { eurRate: '1.05' }],
    ])('refuses PUT %s/%s %j with 400', async (currency, day, body) => {
      await api().put(`/api/exchange-rates/${currency}/${day}`).set('Authorization', auth()).send(body).expect(400);
    });

    it('answers 401 without the token', async () => {
      await api().get('/api/exchange-rates').query({ currency: 'USD', from: '2025-03-13', to: '2025-03-14' }).expect(401);
      await api().put('/api/exchange-rates/USD/2025-03-12').send({ eurRate: '1.05' }).expect(401);
    });
  });
});
