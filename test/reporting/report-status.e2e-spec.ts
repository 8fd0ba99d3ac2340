import request from 'supertest';
import { CallStatus } from '../../src/entities/index.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PERIOD = { from: '2026-10-01', to: '2026-10-31', tz: 'UTC' };

describe('call statuses in the reports: our words, filtered and validated', () => {
  let t: TestApp;
  let auth: string;
  const get = (path: string, query: Record<string, string> = {}) =>
    request(t.app.getHttpServer())
      .get(path)
      .query({ ...PERIOD, ...query })
      .set('Authorization', auth);

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
    const acme = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(t.db.ds, [
      { workspaceId: acme, startedAt: '2026-10-02T10:00:00Z', twilioCost: '0.1', elevenlabsCost: '0.2' },
      { workspaceId: acme, startedAt: '2026-10-03T10:00:00Z', status: CallStatus.NoAnswer, twilioCost: '0', elevenlabsCost: '0', durationSeconds: 0 },
      { workspaceId: acme, startedAt: '2026-10-04T10:00:00Z', status: CallStatus.NoAnswer, twilioCost: '0', elevenlabsCost: '0', durationSeconds: 0 },
      { workspaceId: acme, startedAt: '2026-10-05T10:00:00Z', status: CallStatus.Busy, twilioCost: '0', elevenlabsCost: '0', durationSeconds: 0 },
    ]);
  });
  afterAll(() => t.close());

  it('lists each call with its status in our words, and filters by it', async () => {
    const all = await get('/api/reports/calls', { sort: 'startedAt', order: 'asc' }).expect(200);
    expect(all.body.items.map((c: { status: string }) => c.status)).toEqual(['completed', 'no_answer', 'no_answer', 'busy']);
    const unanswered = await get('/api/reports/calls', { status: 'no_answer' }).expect(200);
    expect(unanswered.body.total).toBe(2);
    expect((await get('/api/reports/summary', { status: 'busy' }).expect(200)).body).toMatchObject({ calls: 1 });
    expect((await get('/api/reports/summary', { status: 'canceled' }).expect(200)).body).toMatchObject({ calls: 0 });
  });

  it("still accepts Twilio's hyphenated spelling that scripts used before (no-answer)", async () => {
    expect((await get('/api/reports/calls', { status: 'no-answer' }).expect(200)).body.total).toBe(2);
  });

  // (Control characters are refused before this, by the app's own guard: test/api/hostile-input.)
  it.each(['done', 'COMPLETED', "completed' OR 1=1--", 'x'.repeat(100)])('refuses status %j with 400 naming the statuses it accepts', async (status) => {
    const res = await get('/api/reports/summary', { status }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain('status must be one of queued, ringing, in_progress, completed, busy, no_answer');
  });
});
