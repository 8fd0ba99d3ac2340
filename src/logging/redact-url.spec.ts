import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['/api/reports/summary?from=2026-01-01&token=abc123', '/api/reports/summary?from=[redacted]&token=[redacted]'],
    ['/api/sync/runs?limit=5', '/api/sync/runs?limit=[redacted]'],
    ['/api/workspaces', '/api/workspaces'],
    ['/api/health?', '/api/health?'],
    // A bare value, or a "name" that is itself a secret, goes whole.
    ['/api/reports/calls?sk_live_0123456789abcdef', '/api/reports/calls?[redacted]'],
    ['/api/x?a%00b=1&ok=2', '/api/x?[redacted]&ok=[redacted]'],
    ['/api/x?page[]=1&page[]=2', '/api/x?page[]=[redacted]&page[]=[redacted]'],
    ['/api/x?token=a=b=c', '/api/x?token=[redacted]'],
    ['/api/x?%E0%A4%A=1', '/api/x?[redacted]'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('keeps no character of any value', () => {
    const secret = 'Zq9-very-secret-value';
    expect(redactUrl(`/api/reports/summary?workspace=acme&token=${secret}&api_key=${secret}`)).not.toContain('Zq9');
  });
});
