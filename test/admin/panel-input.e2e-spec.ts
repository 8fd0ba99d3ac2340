import request from 'supertest';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login } from './admin-session.js';

/** The panel's AdminJS routes take ids and filters from the URL too: hostile ones get 4xx, never 5xx. */
describe('panel input', () => {
  let t: TestApp;
  let cookie: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ENV);
    cookie = (await login(t, ADMIN))!;
    workspaceId = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(t.db.ds, [{ workspaceId, startedAt: '2026-10-05T10:00:00Z', durationSeconds: 60, twilioCost: '0.01', elevenlabsCost: '0.1' }]);
  });
  afterAll(() => t?.close());

  const paths = [
    '/admin/api/resources/calls/actions/list',
    '/admin/api/resources/workspaces/records/%00/show',
    '/admin/api/resources/workspaces/records/not-a-uuid/show',
    '/admin/api/resources/calls/records/%00/show',
    '/admin/api/resources/calls/actions/list?filters.workspaceId=%00',
    '/admin/api/resources/calls/actions/list?filters.workspaceId=x',
    '/admin/api/resources/calls/actions/list?filters.agentId=a%00b',
    '/admin/api/resources/calls/actions/list?filters.startedAt~~from=0000-01-01',
    '/admin/api/resources/calls/actions/list?filters.startedAt~~from=not-a-date',
    '/admin/api/resources/calls/actions/list?filters.durationSeconds=99999999999999999999',
    '/admin/api/resources/calls/actions/list?page=99999999999999999999',
    '/admin/api/resources/calls/actions/list?perPage=-1',
    '/admin/api/resources/calls/actions/list?sortBy=%00&direction=asc',
    '/admin/api/resources/calls/actions/list?sortBy=nope',
    '/admin/api/resources/calls/actions/search/%00',
    '/admin/api/dashboard?from=0000-01-01&to=0001-01-01',
    '/admin/api/dashboard?from=%00',
    '/admin/api/panel/workspaces/%00?from=2026-10-01',
    '/admin/api/panel/sync/%00',
    '/admin/export.csv?workspace=%00',
    '/admin/api/dashboard?currency=%00',
    '/admin/api/dashboard?currency=XYZ',
    '/admin/api/panel/workspaces/%00?currency=EUR',
    '/admin/api/panel/period?currency=%E2%82%AC',
    '/admin/export.xlsx?currency=GBP',
  ];

  const get = (path: string) => request(t.app.getHttpServer()).get(path).set('Cookie', cookie);

  it.each(paths)('answers %s without a 5xx', async (path) => {
    const res = await get(path);
    expect([path, res.status < 500, res.status >= 500 ? res.text.slice(0, 300) : '']).toEqual([path, true, '']);
  });

  it('answers a record id that is not one of ours with 404, and a bad filter, sort or page with 400 naming it', async () => {
    expect((await get('/admin/api/resources/workspaces/records/not-a-uuid/show')).status).toBe(404);
    expect((await get('/admin/api/resources/calls/records/%00/show')).status).toBe(404);
    const cases: Array<[string, RegExp]> = [
      ['filters.workspaceId=x', /filters.workspaceId: 'x' is not a valid id/],
      ['filters.startedAt~~from=0000-01-01', /filters.startedAt~~from/],
      ['filters.durationSeconds=99999999999999999999', /filters.durationSeconds/],
      ['filters.agentId=a%00b', /filters.agentId must not contain control characters/],
      ['filters.nope=1', /no column 'nope'/],
      ['page=99999999999999999999', /page must be a whole number/],
      ['sortBy=nope', /sortBy: no column 'nope'/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/admin/api/resources/calls/actions/list?${query}`);
      expect([query, res.status, res.body.message]).toEqual([query, 400, expect.stringMatching(message)]);
    }
  });

  it('still lists, filters and sorts with good values', async () => {
    const res = await get(
      `/admin/api/resources/calls/actions/list?filters.workspaceId=${workspaceId}&filters.startedAt~~from=2026-10-01T00:00:00.000Z&filters.durationSeconds=60&sortBy=totalCost&direction=desc&page=1&perPage=10`,
    ).expect(200);
    expect(res.body.meta.total).toBe(1);
  });

  it('sorts every list by each of its columns (the guard refuses no column the panel shows)', async () => {
    const lists: Record<string, string[]> = {
      calls: ['startedAt', 'workspaceId', 'status', 'durationSeconds', 'twilioCost', 'elevenlabsCost', 'totalCost'],
      snapshots: ['takenAt', 'workspaceId', 'calls', 'minutes', 'twilioCost', 'elevenlabsCost', 'totalCost', 'currency'],
      sync_runs: ['startedAt', 'status', 'trigger', 'finishedAt', 'error'],
      sync_run_sources: ['startedAt', 'syncRunId', 'workspaceId', 'source', 'status', 'rows', 'errors', 'lastError'],
      alert_rules: ['name', 'workspaceId', 'kind', 'metric', 'period', 'budget', 'slackChannel', 'active'],
      alert_events: ['createdAt', 'ruleId', 'periodKey', 'tier', 'status', 'sentAt'],
      admin_users: ['email', 'role', 'lastLoginAt', 'createdAt'],
      workspaces: ['name', 'slug', 'active', 'createdAt'],
    };
    for (const [resource, columns] of Object.entries(lists)) {
      for (const column of columns) {
        const res = await get(`/admin/api/resources/${resource}/actions/list?sortBy=${column}&direction=desc&page=1`);
        expect([resource, column, res.status]).toEqual([resource, column, 200]);
      }
    }
  });
});
