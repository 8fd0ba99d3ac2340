import type { NextFunction, Request, Response } from 'express';
import { requestSource, sameOriginWrites } from './same-origin.js';

function call(method: string, headers: Record<string, string>, protocol = 'http') {
  const req = { method, protocol, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  let status = 0;
  let body: { message?: string } = {};
  const res = { status: (s: number) => ((status = s), res), json: (b: typeof body) => (body = b) } as unknown as Response;
  let passed = false;
  sameOriginWrites('https://panel.example.com')(req, res, (() => (passed = true)) as NextFunction);
  return { passed, status, message: body.message };
}

describe('sameOriginWrites', () => {
  it('lets reads through whatever their origin', () => {
    expect(call('GET', { origin: 'http://evil.example', host: 'panel.example.com' }).passed).toBe(true);
  });

  it.each([
    ['the public origin', { origin: 'https://panel.example.com', host: '10.0.0.5:3000' }],
    ['the origin the request was sent to', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }],
    ['a Referer from the panel when no Origin is sent', { referer: 'https://panel.example.com/admin/resources/workspaces', host: 'x' }],
  ])('accepts a write from %s', (_, headers) => {
    expect(call('POST', headers).passed).toBe(true);
  });

  it.each([
    ['another site', { origin: 'http://evil.example', host: '127.0.0.1:3000' }, /cross-site request from http:\/\/evil.example/],
    ['the same host over another scheme', { origin: 'https://127.0.0.1:3000', host: '127.0.0.1:3000' }, /cross-site/],
    ['a sandboxed frame (Origin: null)', { origin: 'null', host: '127.0.0.1:3000' }, /neither Origin nor Referer/],
    ['no Origin and no Referer', { host: '127.0.0.1:3000' }, /neither Origin nor Referer/],
    ['a Referer from another site', { referer: 'http://evil.example/x', host: '127.0.0.1:3000' }, /evil.example/],
  ])('refuses a write from %s with 403', (_, headers, message) => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = call(method, headers);
      expect([r.passed, r.status]).toEqual([false, 403]);
      expect(r.message).toMatch(message);
    }
  });

  it('reads an unparseable Referer as no source', () => {
    expect(requestSource({ get: (n: string) => (n === 'referer' ? 'not a url' : undefined) } as never)).toBeNull();
  });
});
