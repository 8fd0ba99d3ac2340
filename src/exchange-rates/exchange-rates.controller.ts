import { BadRequestException, Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { daysBetween, isDay } from './days.js';
import { ExchangeRatesQuery, ExchangeRatesView, ManualRateView, type RateView, SetManualRateDto } from './dto/exchange-rate.dto.js';
import { ExchangeRates, type RateInForce } from './exchange-rates.service.js';

const MAX_RANGE_DAYS = 400;
// The euro's first day; after 2999 is a typo, not a plan.
const FIRST_DAY = '1999-01-01';
const LAST_DAY = '2999-12-31';
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

@ApiTags('exchange-rates')
@ApiBearerAuth()
@Controller('api/exchange-rates')
@UseGuards(ApiTokenGuard)
export class ExchangeRatesController {
  constructor(private readonly rates: ExchangeRates) {}

  /** Every day of [from, to] with the euro reference rate in force on it (manual over ECB; gaps carry the latest earlier rate). */
  @Get()
  @ApiOkResponse({ type: ExchangeRatesView })
  @ApiBadRequestResponse({ description: 'Unknown currency, bad dates, from after to, more than 400 days, or no rate on or before a day' })
  async list(@Query() query: ExchangeRatesQuery): Promise<ExchangeRatesView> {
    const currency = currencyOf(query.currency);
    const from = dayOf('from', query.from);
    const to = dayOf('to', query.to);
    if (from > to) throw new BadRequestException('from must be on or before to');
    if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw new BadRequestException(`from and to may span at most ${MAX_RANGE_DAYS} days`);
    return { currency, from, to, rates: (await this.rates.dailyRates(currency, from, to)).map(rateView) };
  }

  /** Sets a hand-entered rate for a day; it wins over the ECB's for that day. */
  @Put(':currency/:day')
  @ApiParam({ name: 'currency', example: 'USD', description: 'ISO 4217 currency code (not EUR)' })
  @ApiParam({ name: 'day', example: '2026-11-30', description: 'YYYY-MM-DD' })
  @ApiOkResponse({ type: ManualRateView })
  @ApiBadRequestResponse({ description: 'Unknown currency, EUR, a bad day, or eurRate not a positive decimal with at most 8 decimals' })
  async setManual(@Param('currency') rawCurrency: string, @Param('day') rawDay: string, @Body() body: SetManualRateDto): Promise<ManualRateView> {
    const currency = currencyOf(rawCurrency);
    if (currency === 'EUR') throw new BadRequestException('EUR is 1 by definition: it takes no rate');
    const day = dayOf('day', rawDay);
    const stored = await this.rates.setManual(currency, day, body.eurRate);
    return { currency, ...rateView(stored) };
  }
}

function currencyOf(raw: string): string {
  const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) throw new BadRequestException('currency must be a three-letter ISO 4217 code such as USD');
  if (!ISO_4217.has(code)) throw new BadRequestException(`currency '${code}' is not an ISO 4217 currency`);
  return code;
}

function dayOf(name: string, raw: string): string {
  if (typeof raw !== 'string' || !isDay(raw)) throw new BadRequestException(`${name} must be a calendar day as YYYY-MM-DD`);
  if (raw < FIRST_DAY || raw > LAST_DAY) throw new BadRequestException(`${name} must be between ${FIRST_DAY} and ${LAST_DAY}`);
  return raw;
}

function rateView(r: RateInForce): RateView {
  return { day: r.day, eurRate: r.eurRate, source: r.source, publishedOn: r.publishedOn, gapDays: r.gapDays, stale: r.stale };
}
