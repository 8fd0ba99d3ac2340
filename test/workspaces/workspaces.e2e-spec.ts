import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const body = {
  name: 'Acme Dental',
  slug: 'acme-dental',
  twilioPhoneNumbers: ['+34910000001', '+34910000002'],
  elevenlabsApiKey: 'sk_elevenlabs_secret_value_123',
  elevenlabsAgentIds: ['agent_1'],
  twilioAccountSid: `AC${'a'.repeat(32)}`,
  twilioAuthToken: 'twilio_secret_token_value_456',
  currency: 'EUR',
  clientPricePerMinute: '0.15',
};

describe('/api/workspaces', () => {
  let t: TestApp;
  let auth: string;
  const api = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
  });
  afterAll(() => t.close());

  it('creates a workspace and never returns its secrets', async () => {
    const res = await api().post('/api/workspaces').set('Authorization', auth).send(body).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Acme Dental',
      slug: 'acme-dental',
      twilioPhoneNumbers: ['+34910000001', '+34910000002'],
      elevenlabsAgentIds: ['agent_1'],
      twilioAccountSid: body.twilioAccountSid,
      currency: 'EUR',
      clientPricePerMinute: '0.15',
      active: true,
      hasElevenlabsApiKey: true,
      hasTwilioAuthToken: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    for (const path of ['/api/workspaces', `/api/workspaces/${res.body.id}`, '/api/workspaces/acme-dental']) {
      const text = (await api().get(path).set('Authorization', auth).expect(200)).text;
      expect(text).not.toContain(body.elevenlabsApiKey);
      expect(text).not.toContain(body.twilioAuthToken);
      expect(text).not.toContain('v1:'); // nor their ciphertext
    }
  });

  it.each([
    [{ twilioPhoneNumbers: ['910000001'] }, /twilioPhoneNumbers must be E\.164/],
    [{ slug: 'Not A Slug' }, /slug must be lower-case/],
    [{ elevenlabsApiKey: '' }, /elevenlabsApiKey should not be empty/],
    [{ currency: 'euro' }, /currency must be an ISO 4217 currency code/],
    // Three capitals are not enough: it must be a currency.
    [{ currency: 'ABC' }, /currency must be an ISO 4217 currency code/],
    [{ clientPricePerMinute: '-1' }, /clientPricePerMinute must be a non-negative decimal/],
    [{ twilioAccountSid: 'AC1' }, /twilioAccountSid must be AC followed by 32 hex/],
    [{ unexpected: true }, /property unexpected should not exist/],
  ])('refuses %j with 400 and the reason', async (change, reason) => {
    const res = await api()
      .post('/api/workspaces')
      .set('Authorization', auth)
      .send({ ...body, slug: 'other', ...change })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(reason);
  });

  it('refuses a duplicate slug with 400', async () => {
    const res = await api().post('/api/workspaces').set('Authorization', auth).send(body).expect(400);
    expect(res.body.message).toBe("slug 'acme-dental' is already taken by another workspace");
  });

  it('updates by slug, replaces secrets write-only, and keeps prices exact', async () => {
    const res = await api()
      .patch('/api/workspaces/acme-dental')
      .set('Authorization', auth)
      .send({ name: 'Acme Dental Group', clientPricePerMinute: 0.1234, twilioAuthToken: null, active: false })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Acme Dental Group', clientPricePerMinute: '0.1234', hasTwilioAuthToken: false, active: false });
    const [row] = await t.db.ds.query(`SELECT elevenlabs_api_key_encrypted, twilio_auth_token_encrypted FROM workspaces WHERE slug = 'acme-dental'`);
    expect(row.elevenlabs_api_key_encrypted).toMatch(/^v1:/);
    expect(row.twilio_auth_token_encrypted).toBeNull();
  });

  it('answers 404 for an unknown workspace and 401 without the token', async () => {
    await api().get('/api/workspaces/nope').set('Authorization', auth).expect(404);
    await api().get('/api/workspaces').expect(401);
    await api().post('/api/workspaces').send(body).expect(401);
  });

  it('deletes by id, and the history of a new workspace starts empty', async () => {
    const created = await api()
      .post('/api/workspaces')
      .set('Authorization', auth)
      .send({ ...body, slug: 'short-lived' })
      .expect(201);
    expect((await api().get('/api/workspaces/short-lived/history').set('Authorization', auth).expect(200)).body).toEqual([]);
    await api().delete(`/api/workspaces/${created.body.id}`).set('Authorization', auth).expect(204);
    await api().get('/api/workspaces/short-lived').set('Authorization', auth).expect(404);
  });
});
