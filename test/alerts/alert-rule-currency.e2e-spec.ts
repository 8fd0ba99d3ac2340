import { ValidationError } from 'adminjs';
import { alertResources } from '../../src/admin/resources/alert.resource.js';
import { migrateUnderLock } from '../../src/database/advisory-lock.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Where a rule's currency comes from: the migration for the rules there were, the panel for new ones. */
describe("an alert rule's currency", () => {
  let db: TestDatabase;
  const currencyOf = async (id: string) => (await db.ds.query('SELECT currency FROM alert_rules WHERE id = $1', [id]))[0].currency as string | null;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it('is USD for the rules written before currencies (their budgets were dollars); a new rule may leave it empty', async () => {
    // Back to before AlertRuleCurrency, undoing whatever came after it too.
    const applied = async () => (await db.ds.query<Array<{ name: string }>>('SELECT name FROM migrations')).map((m) => m.name);
    while ((await applied()).includes('AlertRuleCurrency1796800000000')) await db.ds.undoLastMigration({ transaction: 'each' });
    const [old] = await db.ds.query(`INSERT INTO alert_rules (name, budget, slack_channel) VALUES ('Old budget', 100, '#costs') RETURNING id`);
    expect(await migrateUnderLock(db.ds)).toContain('AlertRuleCurrency1796800000000');
    expect(await currencyOf(old.id)).toBe('USD');
    const [fresh] = await db.ds.query(`INSERT INTO alert_rules (name, budget, slack_channel) VALUES ('New budget', 100, '#costs') RETURNING id`);
    expect(await currencyOf(fresh.id)).toBeNull();
    await expect(db.ds.query(`UPDATE alert_rules SET currency = 'eur' WHERE id = $1`, [fresh.id])).rejects.toThrow(/CHK_alert_rules_currency/);
  });

  it('is an ISO 4217 code in the panel, upper-cased, or empty', async () => {
    const rules = alertResources(db.ds)[0].resource as unknown as {
      create(p: Record<string, unknown>): Promise<{ id: string }>;
      update(id: string, p: Record<string, unknown>): Promise<unknown>;
    };
    const base = { name: 'Panel rule', slackChannel: '#costs', budget: '50' };
    const euros = await rules.create({ ...base, currency: ' eur ' });
    expect(await currencyOf(euros.id)).toBe('EUR');
    const empty = await rules.create({ ...base, currency: '' });
    expect(await currencyOf(empty.id)).toBeNull();
    await rules.update(empty.id, { currency: 'mxn' });
    expect(await currencyOf(empty.id)).toBe('MXN');
    await rules.update(empty.id, { currency: '' });
    expect(await currencyOf(empty.id)).toBeNull();
    for (const [bad, message] of [
      ['XYZ', "currency 'XYZ' is not an ISO 4217 currency"],
      ['US1', 'currency must be a three-letter ISO 4217 code such as USD'],
      ['euro', 'currency must be a three-letter ISO 4217 code such as USD'],
    ]) {
      const refused = await rules.create({ ...base, currency: bad }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).propertyErrors).toEqual({ currency: { message } });
      await expect(rules.update(euros.id, { currency: bad })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await currencyOf(euros.id)).toBe('EUR');
  });
});
