import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const workspace = {
  name: 'Acme Dental',
  slug: 'acme-dental',
  twilioPhoneNumbers: ['+34910000001'],
  elevenlabsApiKey: 'sk_elevenlabs_secret_value_123',
  elevenlabsAgentIds: ['agent_1'],
};

/** The findings of issue #12 item 6, one by one: each is a 400 naming the field (or 404 for a path id), never a 500. */
describe('hostile input to the API', () => {
  let t: TestApp;
  let auth: string;
  const api = () => request(t.app.getHttpServer());
  const message = (res: { body: { message?: unknown } }) => JSON.stringify(res.body.message);

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
    await api().post('/api/workspaces').set('Authorization', auth).send(workspace).expect(201);
  });
  afterAll(() => t.close());

  it.each([
    ['workspace', 'workspace=acme%00dental'],
    ['agent', 'agent=agent%001'],
    ['status', 'status=completed%00'],
    ['tz', 'tz=Europe%2FMadrid%00'],
    ['from', 'from=0000-01-01'],
    ['from', 'from=0001-01-01&to=0001-01-31'],
    ['to', 'to=9999-12-31'],
    ['from', 'from=2026-02-30'],
    ['page', 'page=99999999999999999999'],
    ['page', 'page=-1'],
    ['pageSize', 'pageSize=1e6'],
  ])('GET /api/reports/calls?%s… is 400 naming %s', async (field, query) => {
    const res = await api().get(`/api/reports/calls?${query}`).set('Authorization', auth).expect(400);
    expect(message(res)).toContain(field);
  });

  it.each(['summary', 'timeseries', 'workspaces', 'compare', 'export.csv', 'export.xlsx'])('GET /api/reports/%s refuses a NUL byte in workspace with 400', async (route) => {
    const res = await api().get(`/api/reports/${route}?workspace=%00`).set('Authorization', auth).expect(400);
    expect(message(res)).toContain('workspace');
  });

  it.each([
    ['from', 'from=0000-01-01&to=2026-01-01'],
    ['to', 'from=2026-01-01&to=0001-01-01'],
    ['from', 'from=2026-01-01%00&to=2026-01-02'],
    ['from', 'to=2026-01-02'],
  ])('GET /api/reports/reconciliation?%s is 400 naming %s', async (field, query) => {
    const res = await api().get(`/api/reports/reconciliation?${query}`).set('Authorization', auth).expect(400);
    expect(message(res)).toContain(field);
  });

  it('reconciliation refuses from after to', async () => {
    const res = await api().get('/api/reports/reconciliation?from=2026-02-01&to=2026-01-01').set('Authorization', auth).expect(400);
    expect(message(res)).toContain('from');
  });

  it.each([
    ['limit', '/api/sync/runs?limit=99999999999999999999'],
    ['limit', '/api/workspaces/acme-dental/history?limit=-1'],
    ['limit', '/api/workspaces/acme-dental/history?limit=%00'],
  ])('a bounded number: %s in %s is 400', async (field, path) => {
    const res = await api().get(path).set('Authorization', auth).expect(400);
    expect(message(res)).toContain(field);
  });

  it.each([
    ['GET', '/api/workspaces/acme%00dental'],
    ['GET', '/api/workspaces/%00'],
    ['GET', "/api/workspaces/'%3B%20DROP%20TABLE%20x%3B--"],
    ['GET', `/api/workspaces/${'a'.repeat(65)}`],
    ['PATCH', '/api/workspaces/acme%00dental'],
    ['DELETE', '/api/workspaces/acme%00dental'],
    ['GET', '/api/workspaces/acme%00dental/history'],
    ['GET', '/api/sync/runs/%00'],
    ['GET', `/api/sync/runs/${'-'.repeat(36)}`],
    ['GET', '/api/sync/runs/not-a-run'],
  ])('%s %s: a path id that is not an id is 404', async (method, path) => {
    const res = await api()
      [method.toLowerCase() as 'get'](path)
      .set('Authorization', auth)
      .send(method === 'PATCH' ? { name: 'x' } : undefined);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('\u0000');
  });

  it.each(['name', 'slug', 'twilioPhoneNumbers', 'elevenlabsApiKey', 'elevenlabsAgentIds', 'currency', 'active'])('PATCH with %s: null is 400 naming the field', async (field) => {
    const res = await api()
      .patch('/api/workspaces/acme-dental')
      .set('Authorization', auth)
      .send({ [field]: null })
      .expect(400);
    expect(message(res)).toContain(field);
  });

  it('PATCH with null in the documented nullable fields clears them', async () => {
    const res = await api()
      .patch('/api/workspaces/acme-dental')
      .set('Authorization', auth)
      .send({ twilioAccountSid: null, twilioAuthToken: null, clientPricePerMinute: null })
      .expect(200);
    expect(res.body).toMatchObject({ twilioAccountSid: null, hasTwilioAuthToken: false, clientPricePerMinute: null });
  });

  it.each([
    ['elevenlabsApiKey', { elevenlabsApiKey: 'sk_\u0000abc' }],
    ['elevenlabsApiKey', { elevenlabsApiKey: 'sk_abc\n' }],
    ['elevenlabsApiKey', { elevenlabsApiKey: 'x'.repeat(501) }],
    ['twilioAuthToken', { twilioAuthToken: 'tok\u0000en' }],
    ['twilioAuthToken', { twilioAuthToken: 'tökén' }],
    ['name', { name: 'Acme\u0000' }],
    ['elevenlabsAgentIds', { elevenlabsAgentIds: ['agent\u0000'] }],
    ['elevenlabsAgentIds', { elevenlabsAgentIds: Array.from({ length: 201 }, (_, i) => `agent_${i}`) }],
    ['elevenlabsAgentIds', { elevenlabsAgentIds: ['a'.repeat(129)] }],
    ['twilioPhoneNumbers', { twilioPhoneNumbers: Array.from({ length: 201 }, (_, i) => `+3491${String(i).padStart(7, '0')}`) }],
    ['twilioPhoneNumbers', { twilioPhoneNumbers: ['+34910000001\u0000'] }],
    ['__proto__', JSON.parse('{"__proto__": {"x": 1}}')],
    ['constructor', { constructor: { prototype: { x: 1 } } }],
    ['unexpected', { unexpected: true }],
  ])('PATCH refuses a bad %s with 400 naming it', async (field, body) => {
    const res = await api().patch('/api/workspaces/acme-dental').set('Authorization', auth).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(400);
    expect(message(res)).toContain(field);
  });

  it('POST refuses a key with a NUL byte, so no later sync can trip on it', async () => {
    const res = await api()
      .post('/api/workspaces')
      .set('Authorization', auth)
      .send({ ...workspace, slug: 'nul-key', elevenlabsApiKey: 'sk_\u0000' })
      .expect(400);
    expect(message(res)).toContain('elevenlabsApiKey');
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM workspaces WHERE slug = 'nul-key'`);
    expect(n).toBe(0);
  });

  it('a JSON array nested 5,000 deep is 400, not a 500 or a stack overflow', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const body of [`{"elevenlabsAgentIds":${deep}}`, deep, `{"name":"a","x":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`]) {
      const res = await api().patch('/api/workspaces/acme-dental').set('Authorization', auth).set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/nested deeper than 32/);
    }
    // Brackets inside strings are text, not nesting.
    await api()
      .patch('/api/workspaces/acme-dental')
      .set('Authorization', auth)
      .send({ name: `Acme ${'['.repeat(100)}` })
      .expect(200);
  });

  it('the workspace is unharmed by all of the above', async () => {
    const res = await api().get('/api/workspaces/acme-dental').set('Authorization', auth).expect(200);
    expect(res.body).toMatchObject({ slug: 'acme-dental', twilioPhoneNumbers: ['+34910000001'], elevenlabsAgentIds: ['agent_1'] });
  });
});
