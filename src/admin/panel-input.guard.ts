import type { NextFunction, Request, Response } from 'express';
import type { DataSource, EntityMetadata } from 'typeorm';
import { hasTextControlChars, isUuid, MAX_YEAR, MIN_YEAR } from '../common/input-rules.js';

const BIGINT = /^[1-9]\d{0,17}$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,10})?$/;
/** Where AdminJS reads a resource (and a record) from the URL: /api/resources/:resource[/records/:id] */
const RESOURCE_PATH = /^(?:\/api)?\/resources\/([^/]+)(?:\/records\/([^/]+))?/;
const DATE_COLUMNS = new Set(['timestamptz', 'timestamp', 'date', 'timestamp with time zone']);
const NUMBER_COLUMNS = new Set(['integer', 'int', 'numeric', 'decimal', 'bigint', 'real', 'double precision']);

class Refusal extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * AdminJS hands URL values (record ids, list filters, sorting, paging) to the TypeORM adapter as
 * they come, and PostgreSQL refuses the bad ones with a 500. This checks them against the entity's
 * columns first: a record id that is not one of ours is 404, anything else malformed is 400
 * naming the parameter.
 */
export function panelInputGuard(ds: DataSource) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      checkRequest(ds, req);
      next();
    } catch (err) {
      if (!(err instanceof Refusal)) return next(err);
      res.status(err.status).json({ statusCode: err.status, message: err.message });
    }
  };
}

function checkRequest(ds: DataSource, req: Request): void {
  if (hasTextControlChars(safeDecode(req.path))) throw new Refusal(404, 'Not found');
  const [, resourceId, recordId] = RESOURCE_PATH.exec(req.path) ?? [];
  const entity = resourceId ? ds.entityMetadatas.find((m) => m.tableName === resourceId) : undefined;
  if (recordId !== undefined && !isRecordId(recordId)) throw new Refusal(404, `No record '${safeDecode(recordId).slice(0, 40)}'`);
  for (const [name, value] of Object.entries(req.query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') throw new Refusal(400, `${name} must be a single value`);
      checkValue(entity, name, v);
    }
  }
}

function checkValue(entity: EntityMetadata | undefined, name: string, value: string): void {
  if (hasTextControlChars(value) || hasTextControlChars(name)) throw new Refusal(400, `${name} must not contain control characters`);
  if (value.length > 1000) throw new Refusal(400, `${name} is longer than 1000 characters`);
  if (name === 'page' || name === 'perPage') {
    if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || (name === 'perPage' && Number(value) > 500)) {
      throw new Refusal(400, `${name} must be a whole number from 1 to ${name === 'page' ? '9999999' : '500'}`);
    }
  } else if (name === 'direction') {
    if (value !== 'asc' && value !== 'desc') throw new Refusal(400, 'direction must be asc or desc');
  } else if (name === 'recordIds') {
    if (!value.split(',').every(isRecordId)) throw new Refusal(400, 'recordIds must be record ids separated by commas');
  } else if (name === 'sortBy' && entity) {
    if (!entity.findColumnWithPropertyPath(value) && !isVirtual(value)) throw new Refusal(400, `sortBy: no column '${value}'`);
  } else if (name.startsWith('filters.') && entity) {
    checkFilter(entity, name, name.slice('filters.'.length).replace(/~~(from|to)$/, ''), value);
  }
}

function checkFilter(entity: EntityMetadata, name: string, property: string, value: string): void {
  const column = entity.findColumnWithPropertyPath(property);
  if (!column) {
    if (isVirtual(property)) return;
    throw new Refusal(400, `${name}: no column '${property}'`);
  }
  const type = String(typeof column.type === 'function' ? column.type.name : column.type).toLowerCase();
  const valid =
    type === 'uuid' || column.referencedColumn?.type === 'uuid'
      ? isUuid(value)
      : DATE_COLUMNS.has(type)
        ? isSaneDate(value)
        : NUMBER_COLUMNS.has(type) || type === 'number'
          ? NUMBER.test(value)
          : type === 'boolean'
            ? value === 'true' || value === 'false'
            : true;
  if (!valid) throw new Refusal(400, `${name}: '${value.slice(0, 40)}' is not a valid ${type === 'uuid' ? 'id' : type}`);
}

/** The panel's computed list columns (calls' total cost, alert events' summary line). */
function isVirtual(property: string): boolean {
  return property === 'totalCost' || property === 'summary';
}

/** Our tables' keys: uuids, or identity bigints. */
function isRecordId(id: string): boolean {
  return isUuid(id) || BIGINT.test(id);
}

function isSaneDate(value: string): boolean {
  const at = new Date(value);
  const year = at.getUTCFullYear();
  return !Number.isNaN(at.getTime()) && year >= MIN_YEAR && year <= MAX_YEAR;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '\u0000';
  }
}
