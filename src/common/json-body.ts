import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

/** Our deepest body is two levels; 32 leaves room without letting a 5,000-deep array through. */
export const MAX_JSON_DEPTH = 32;

/**
 * The JSON body parser, in place of Nest's own (Nest skips its parser when one named `jsonParser`
 * is already mounted): same limits, keeps the raw bytes as Nest's `rawBody: true` does (Slack
 * signatures are checked on them), and refuses a body nested deeper than `maxDepth` with 400
 * before JSON.parse or any validator walks it.
 */
export function depthLimitedJsonParser(maxDepth = MAX_JSON_DEPTH): RequestHandler {
  const parser = express.json({
    verify: (req: IncomingMessage & { rawBody?: Buffer }, _res, buf) => {
      req.rawBody = buf;
      if (jsonDepthExceeds(buf, maxDepth)) {
        throw Object.assign(new Error(`body is nested deeper than ${maxDepth} levels`), { status: 400, expose: true, type: 'entity.too.deep' });
      }
    },
  });
  return function jsonParser(req, res, next) {
    return parser(req, res, next);
  };
}

/** True when the brackets of `buf` (outside strings) nest deeper than `maxDepth`. One pass, no recursion. */
export function jsonDepthExceeds(buf: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
