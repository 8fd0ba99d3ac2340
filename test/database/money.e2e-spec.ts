import { Call, CallDirection, Workspace } from '../../src/entities/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('money in PostgreSQL', () => {
  let db: TestDatabase;
  let workspace: Workspace;

  beforeAll(async () => {
    db = await createTestDatabase();
    workspace = await db.ds.getRepository(Workspace).save({ name: 'Acme', slug: 'acme', twilioPhoneNumbers: ['+34910000000'] });
  });
  afterAll(() => db.drop());

  const call = (sid: string, twilioCost: string | null, elevenlabsCost: string | null) =>
    db.ds.getRepository(Call).save({
      workspaceId: workspace.id,
      twilioCallSid: sid,
      direction: CallDirection.Inbound,
      startedAt: new Date('2026-11-01T10:00:00Z'),
      durationSeconds: 60,
      twilioCost,
      twilioPriceUnit: 'USD',
      twilioPriceFinal: twilioCost !== null,
      elevenlabsCost,
      elevenlabsCredits: '1234',
    });

  it('keeps sums exact: 0.1 + 0.2 is 0.3 in SQL', async () => {
    await call('CA01', '0.1', '0.000001');
    await call('CA02', '0.2', '0.000002');
    const [row] = await db.ds.query(`SELECT SUM(twilio_cost)::text AS twilio, SUM(elevenlabs_cost)::text AS eleven FROM calls WHERE twilio_call_sid IN ('CA01','CA02')`);
    expect(row.twilio).toBe('0.3000000000');
    expect(row.eleven).toBe('0.0000030000');
  });

  it('reads amounts back as strings, never JS numbers, including sub-cent prices and unpriced calls', async () => {
    await call('CA03', '0.0135', null);
    const saved = await db.ds.getRepository(Call).findOneByOrFail({ twilioCallSid: 'CA03' });
    expect(saved.twilioCost).toBe('0.0135000000');
    expect(typeof saved.twilioCost).toBe('string');
    expect(saved.elevenlabsCost).toBeNull();
    expect(saved.elevenlabsCredits).toBe('1234.0000');
    expect(saved.id).toEqual(expect.any(String)); // bigint ids are strings too
  });

  it('stores money columns as numeric, never floating point', async () => {
    const rows: Array<{ column_name: string; data_type: string }> = await db.ds.query(
      `SELECT table_name || '.' || column_name AS column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'typeorm_metadata' -- TypeORM's own bookkeeping: 'value' holds generated columns' SQL text
          AND (column_name LIKE '%\\_cost' OR column_name IN
          ('client_price_per_minute','price_per_credit','budget','minutes','elevenlabs_credits','value','threshold'))`,
    );
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) {
      expect([r.column_name, r.data_type]).toEqual([r.column_name, 'numeric']);
    }
    const floats = await db.ds.query(`SELECT column_name FROM information_schema.columns WHERE table_schema='public' AND data_type IN ('real','double precision')`);
    expect(floats).toEqual([]);
  });
});
