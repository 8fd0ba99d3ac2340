import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { hasControlChars, hasTextControlChars } from './input-rules.js';

/** Keys that would reach an object's prototype, or confuse code that trusts them, wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any of our bodies or queries can be; the JSON parser refuses deeper bodies first. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The global ValidationPipe, plus what class-validator cannot see: a key such as `__proto__` that
 * class-transformer turns into a prototype instead of a property (so `forbidNonWhitelisted` never
 * sees it), a NUL byte in any string of a body or query, and nesting no request needs.
 * Path parameters are left to their own pipes, which answer 404 for anything that is not an id.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    // Unknown fields are refused, not silently dropped: a typo in a script should fail loudly.
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = inspectInput(value, metadata.data ?? '');
      if (problem) throw new BadRequestException([problem]);
    }
    return super.transform(value, metadata);
  }
}

/** The first problem found in a parsed body or query, naming the field; null when there is none. Iterative: no stack to overflow. */
export function inspectInput(root: unknown, rootPath = ''): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasTextControlChars(value)) return `${path || 'value'} must not contain control characters`;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return `${path || 'body'} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return `property ${at} should not exist`;
      if (hasControlChars(key)) return `property names must not contain control characters (in ${path || 'body'})`;
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}
