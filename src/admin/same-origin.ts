import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where a browser says a request came from: `Origin`, or the origin of `Referer` where a browser
 * sends no `Origin`. Null when neither says (or says `null`, as a sandboxed frame does).
 */
export function requestSource(req: Pick<Request, 'get'>): string | null {
  const origin = req.get('origin');
  if (origin) return origin === 'null' ? null : origin.toLowerCase();
  const referer = req.get('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * CSRF defence for the panel: a state-changing request must come from the panel's own origin,
 * which is PUBLIC_URL's or the one the request was addressed to (its scheme and Host, as the
 * trusted proxy reports them). A cookie alone proves nothing: the browser sends it cross-site too.
 */
export function sameOriginWrites(publicUrl: string) {
  const publicOrigin = new URL(publicUrl).origin.toLowerCase();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const source = requestSource(req);
    const own = `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase();
    if (source !== null && (source === publicOrigin || source === own)) return next();
    res.status(403).json({
      statusCode: 403,
      message: source === null ? 'Refused: the request says neither Origin nor Referer' : `Refused: cross-site request from ${source}`,
    });
  };
}
