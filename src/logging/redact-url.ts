/** A query parameter's name we keep in logs; anything else (a bare value, an odd key) is redacted whole. */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_.[\]-]{0,39}$/;

/**
 * The request path for a log line, with every query value replaced: a caller may put a token, a
 * key or personal data in any parameter, and a refused request is logged as well as an accepted
 * one. `/api/reports/summary?from=2026-01-01&token=abc` → `/api/reports/summary?from=[redacted]&token=[redacted]`.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? '' : safeDecode(pair.slice(0, eq));
      return PARAM_NAME.test(name) ? `${pair.slice(0, eq)}=[redacted]` : '[redacted]';
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
