// express-formidable ships no types; the panel uses only its middleware factory.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';
  export default function formidable(options?: Record<string, unknown>): RequestHandler;
}
