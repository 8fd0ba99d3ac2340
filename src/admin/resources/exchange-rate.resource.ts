import { type ActionRequest, type ParamsType, type ResourceWithOptions, ValidationError } from 'adminjs';
import type { DataSource } from 'typeorm';
import { ExchangeRate, ExchangeRateSource } from '../../entities/index.js';
import { ExchangeRates } from '../../exchange-rates/exchange-rates.service.js';
import { isCalendarDate } from '../../reporting/periods.js';
import { dayOf, eurRateOf, RateInputError, ratedCurrencyOf } from '../../exchange-rates/rate-input.js';
import { adminWrites, isAdmin, navigation, notEditable } from './access.js';
import { RepositoryResource } from './repository.resource.js';

/**
 * Euro reference rates. Whatever an admin creates or edits is a manual rate for its currency and
 * day: editing an ECB row adds the manual one beside it (the ECB's stays, and loses), so the next
 * import cannot undo a correction. Only manual rows can be deleted (the ECB's would come back).
 */
class ExchangeRateResource extends RepositoryResource<ExchangeRate> {
  private readonly rates: ExchangeRates;

  constructor(ds: DataSource) {
    super(ds.getRepository(ExchangeRate), 'exchange_rates');
    this.rates = new ExchangeRates(ds);
  }

  override async create(params: Record<string, unknown>): Promise<ParamsType> {
    return this.writeManual(params);
  }

  override async update(pk: string | number, params: Record<string, unknown> = {}): Promise<ParamsType> {
    const row = await this.repository.findOneBy({ id: String(pk) });
    if (!row) throw new ValidationError({}, { type: 'notFound', message: `No rate '${pk}'` });
    return this.writeManual({ currency: row.currency, day: row.day, ...params });
  }

  override async delete(pk: string | number): Promise<void> {
    const row = await this.repository.findOneBy({ id: String(pk) });
    if (row && row.source !== ExchangeRateSource.Manual) {
      throw new ValidationError({}, { type: 'ecbRate', message: 'ECB rates are imported, not deleted: enter a manual rate for that day instead' });
    }
    await super.delete(pk);
  }

  private async writeManual(params: Record<string, unknown>): Promise<ParamsType> {
    let currency: string, day: string, eurRate: string;
    try {
      currency = ratedCurrencyOf(params.currency);
      day = dayOf(formDay(params.day), 'day');
      eurRate = eurRateOf(params.eurRate);
    } catch (err) {
      if (err instanceof RateInputError) throw new ValidationError({ [err.field]: { message: err.message } });
      throw err;
    }
    await this.saved(() => this.rates.setManual(currency, day, eurRate));
    return await this.repository.findOneByOrFail({ currency, day, source: ExchangeRateSource.Manual });
  }
}

export function exchangeRateResource(ds: DataSource): ResourceWithOptions {
  return {
    resource: new ExchangeRateResource(ds),
    options: {
      navigation: navigation.clients,
      sort: { sortBy: 'day', direction: 'desc' },
      listProperties: ['day', 'currency', 'eurRate', 'source', 'updatedAt'],
      filterProperties: ['currency', 'source'],
      showProperties: ['day', 'currency', 'eurRate', 'source', 'updatedAt'],
      editProperties: ['currency', 'day', 'eurRate'],
      properties: {
        id: { isVisible: false },
        currency: { isTitle: true, description: 'ISO 4217 code, e.g. USD (EUR is always 1)' },
        day: { type: 'string', description: 'YYYY-MM-DD: the rate holds from this day until the next one that has a rate' },
        eurRate: { type: 'string', description: '1 EUR = this many units of the currency, e.g. 1.0512 (at most 8 decimals)' },
        source: { ...notEditable, description: 'manual wins over ecb for the same day' },
        updatedAt: notEditable,
      },
      actions: {
        ...adminWrites,
        new: { isAccessible: isAdmin, before: keepBadDaysBad },
        edit: { isAccessible: isAdmin, before: keepBadDaysBad },
      },
    },
  };
}

/** The adapter hands a date column's form value over as a Date (UTC midnight of the typed day) or as text. */
function formDay(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value.trim().slice(0, 10) : value;
}

/**
 * AdminJS turns a date field into a Date before the resource sees it, and `new Date('2026-02-30')`
 * is 2 March: a typo would silently move the rate. Checked on the form's own text first.
 */
function keepBadDaysBad(request: ActionRequest): Promise<ActionRequest> {
  const day = request.payload?.day as unknown;
  if (typeof day === 'string' && day.trim() !== '' && !isCalendarDate(day.trim().slice(0, 10))) request.payload = { ...request.payload, day: 'not a day' };
  return Promise.resolve(request);
}
