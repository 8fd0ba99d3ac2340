import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: { type?: string; format?: string; example?: unknown };
  example?: unknown;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

/** Values a careless or hostile client sends; each is URL-encoded where it goes. */
const HOSTILE_VALUES = [
  '\u0000',
  'acme\u0000dental',
  "'; DROP TABLE x;--",
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '99999999999999999999',
  '-1',
  '0',
  '1e400',
  'NaN',
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
  '😀 ñ 漢字 \u202e',
  '../../etc/passwd',
  '\r\nSet-Cookie: x=1',
  'null',
  '[]',
  ' ',
];
/** Raw query fragments for a parameter `p`: arrays, objects, repeated keys, broken escapes. */
const HOSTILE_QUERY = (p: string) => [
  `${p}[]=1&${p}[]=2`,
  `${p}=1&${p}=2`,
  `${p}[a]=1`,
  `${p}[__proto__][x]=1`,
  `${p}=%E0%A4%A`,
  `${p}=%`,
  `__proto__[${p}]=1`,
  `constructor[prototype][${p}]=1`,
];
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/**
 * Issue #12 item 9: the API documents itself, and nothing it documents answers 5xx to hostile
 * input. Walks /api/docs-json as published, so a new route or parameter is covered without editing this spec.
 */
describe('the OpenAPI document, walked with hostile input', () => {
  let t: TestApp;
  let auth: string;
  let doc: OpenApi;
  const api = () => request(t.app.getHttpServer());
  const failures: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
    await api()
      .post('/api/workspaces')
      .set('Authorization', auth)
      .send({ name: 'Acme', slug: 'acme', twilioPhoneNumbers: ['+34910000001'], elevenlabsApiKey: 'sk_walk_0123456789' })
      .expect(201);
    doc = (await api().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  /** A value the parameter accepts, so one hostile parameter is tried with the others valid. */
  function validValue(p: Parameter): string {
    if (p.in === 'path') return p.schema?.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'acme';
    const example = p.example ?? p.schema?.example;
    if (typeof example === 'string' || typeof example === 'number' || typeof example === 'boolean') return String(example);
    if (p.schema?.format === 'date') return '2026-01-01';
    return p.schema?.type === 'integer' || p.schema?.type === 'number' ? '1' : 'x';
  }

  async function send(method: string, url: string, body?: string) {
    let req = api()[method as 'get'](url).set('Authorization', auth);
    if (body !== undefined) req = req.set('Content-Type', 'application/json').send(body);
    const res = await req.catch((err: Error) => ({ status: 599, text: `no answer: ${err.message}` }));
    if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url.slice(0, 200)} ${body?.slice(0, 120) ?? ''} -> ${res.status} ${res.text.slice(0, 200)}`);
    return res;
  }

  it('documents a 2xx response with a schema for every operation', () => {
    const undocumented: string[] = [];
    for (const { path, method, op } of operations()) {
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      if (!ok.length) undocumented.push(`${method} ${path}: no 2xx response`);
      for (const [code, response] of ok) {
        if (code === '204') continue; // No Content has no body to describe
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        if (!schemas.length || schemas.some((s) => !s)) undocumented.push(`${method} ${path}: ${code} has no schema`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(15);
  });

  it.each(['/api/reports/reconciliation', '/api/sync/reconciliation'])("documents the reconciliation's from and to on %s", (path) => {
    const params = doc.paths[path].get.parameters ?? [];
    expect(params.filter((p) => p.in === 'query').map((p) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', true],
    ]);
  });

  it('answers no 5xx to hostile values in any documented parameter', async () => {
    for (const { path, method, op } of operations()) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
      const build = (over: Record<string, string>, extraQuery = '', baseline = true) => {
        let url = path;
        const query: string[] = [];
        for (const p of params) {
          const value = p.name in over ? over[p.name] : baseline || p.in === 'path' ? validValue(p) : undefined;
          if (value === undefined) continue;
          if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
          else query.push(`${p.name}=${encodeURIComponent(value)}`);
        }
        if (extraQuery) query.push(extraQuery);
        return query.length ? `${url}?${query.join('&')}` : url;
      };
      // Creating a sync run or deleting are exercised once below, not per hostile value.
      if (method === 'post' && path === '/api/sync') continue;
      for (const p of params) {
        for (const value of HOSTILE_VALUES) {
          if (p.in === 'path' && value.trim() === '') continue; // would be another route
          await send(method, build({ [p.name]: value }));
          if (p.in === 'query') await send(method, build({ [p.name]: value }, '', false));
        }
        if (p.in === 'query') {
          for (const raw of HOSTILE_QUERY(p.name)) await send(method, build({}, raw, false).replace(`${p.name}=x&`, ''));
        }
      }
      // Unknown and prototype-shaped parameters on every route, documented or not.
      for (const raw of ['__proto__=1', 'constructor=1', 'unknownParam=1', `${'k'.repeat(5000)}=1`]) await send(method, build({}, raw));
    }
    await send('post', '/api/sync');
    await t.app.get((await import('../../src/sync/sync.service.js')).SyncService).settled();
    expect(failures).toEqual([]);
  });

  it('answers no 5xx to hostile JSON bodies on every documented body', async () => {
    for (const { path, method, op } of operations()) {
      const ref = Object.values(op.requestBody?.content ?? {})[0]?.schema?.$ref;
      if (!ref) continue;
      const schema = doc.components.schemas[ref.split('/').pop()!];
      const fields = Object.keys(schema.properties ?? {});
      expect(fields.length).toBeGreaterThan(0);
      const url = path.replace(/\{[^}]+\}/g, 'acme');
      const whole = [
        'null',
        '[]',
        '"text"',
        '12',
        deepArray(5000),
        `{"a":${deepArray(5000)}}`,
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"name":"a","name":"b"}',
        '{"name":',
        '{"name":"\\ud800"}',
        `{"name":"${'x'.repeat(90_000)}"}`,
      ];
      for (const body of whole) await send(method, url, body);
      const hostileFieldValues: unknown[] = [
        null,
        '',
        '\u0000',
        'x'.repeat(10_000),
        -1,
        1e20,
        1e308,
        true,
        {},
        { __proto__: null, x: 1 },
        [],
        Array.from({ length: 10_000 }, (_, i) => `+3491${String(i).padStart(7, '0')}`),
        [null],
        [[['x']]],
        '😀 ñ 漢字 \u202e',
        "'; DROP TABLE x;--",
      ];
      for (const field of fields) {
        for (const value of hostileFieldValues) await send(method, url, JSON.stringify({ [field]: value }));
        await send(method, url, `{"${field}":${deepArray(5000)}}`);
        await send(method, url, `{"${field}":{"__proto__":{"x":1}}}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
