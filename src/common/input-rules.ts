import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/** What a workspace id (uuid) and a slug look like; anything else is not an id and never reaches SQL. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 64;

/** C0 and C1 control characters. PostgreSQL refuses NUL in text outright, and the rest has no place in ids or filters. */
const CONTROL_CHARS = /\p{Cc}/u;

/** Years a report, a reconciliation or a sync can be about; PostgreSQL's own range (4713 BC…) is far wider. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export function hasControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value);
}

/** Free text: tab, newline and carriage return are ordinary there; every other control character is not. */
export function hasTextControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value.replace(/[\t\n\r]/g, ''));
}

export function isIdOrSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_SLUG_LENGTH && (UUID.test(value) || SLUG.test(value));
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A YYYY-MM-DD text whose year is within MIN_YEAR..MAX_YEAR (its format and calendar validity are checked apart, with their own messages). */
export function isDayInRange(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** Text with no control characters (NUL included). */
export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlChars',
      validator: {
        validate: (value) => typeof value === 'string' && !hasControlChars(value),
        defaultMessage: buildMessage((each) => `${each}$property must be text without control characters`, options),
      },
    },
    options,
  );
}

export function IsDayInRange(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDayInRange',
      validator: {
        validate: isDayInRange,
        defaultMessage: buildMessage((each) => `${each}$property must be a date between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`, options),
      },
    },
    options,
  );
}

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** A current ISO 4217 code, in capitals (the list the runtime's Intl knows). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && ISO_4217.has(value);
}

export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: isCurrencyCode,
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO 4217 currency code in capitals, such as USD, EUR or MXN`, options),
      },
    },
    options,
  );
}

export function IsIdOrSlug(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIdOrSlug',
      validator: {
        validate: isIdOrSlug,
        defaultMessage: buildMessage((each) => `${each}$property must be a workspace id (uuid) or slug such as acme-dental`, options),
      },
    },
    options,
  );
}

/**
 * A vendor secret: printable ASCII only, since it travels in an HTTP header (a NUL byte or a
 * newline there makes every request of every later sync throw), and of a sane length.
 */
export function IsPrintableSecret(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPrintableSecret',
      validator: {
        validate: (value) => typeof value === 'string' && value.length >= 1 && value.length <= maxLength && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be printable text (no control characters, no surrounding spaces), 1 to ${maxLength} characters`, options),
      },
    },
    options,
  );
}
