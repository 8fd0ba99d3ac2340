import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { isIdOrSlug, isUuid } from './input-rules.js';

/**
 * `:id` that is a workspace id or slug. Anything else cannot name a workspace: 404 before any
 * query, and the answer never echoes the hostile text.
 */
@Injectable()
export class IdOrSlugPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isIdOrSlug(value)) throw new NotFoundException('No workspace with that id or slug');
    return value;
  }
}

/** `:id` that must be a uuid (sync runs); anything else is 404. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw new NotFoundException('No such id');
    return value;
  }
}
