import { BadRequestException, Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { daysBetween } from '../reporting/periods.js';
import { ExchangeRatesQuery, ExchangeRatesView, ManualRateView, type RateView, SetManualRateDto } from './dto/exchange-rate.dto.js';
import { ExchangeRates, type RateInForce } from './exchange-rates.service.js';
import * as input from './rate-input.js';

const MAX_RANGE_DAYS = 400;

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
    const [currency, from, to] = checked(() => [input.currencyOf(query.currency), input.dayOf(query.from, 'from'), input.dayOf(query.to, 'to')]);
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
    const [currency, day] = checked(() => [input.ratedCurrencyOf(rawCurrency), input.dayOf(rawDay, 'day')]);
    const stored = await this.rates.setManual(currency, day, body.eurRate);
    return { currency, ...rateView(stored) };
  }
}

/** Input the panel refuses the same way, answered here as 400 with its reason. */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof input.RateInputError) throw new BadRequestException(err.message);
    throw err;
  }
}

function rateView(r: RateInForce): RateView {
  return { day: r.day, eurRate: r.eurRate, source: r.source, publishedOn: r.publishedOn, gapDays: r.gapDays, stale: r.stale };
}
