import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { SyncTrigger } from '../entities/index.js';
import type { SyncRunView } from './dto/sync-run.view.js';
import { DateRangeQuery } from './dto/date-range.query.js';
import { ReconciliationService, type ReconciliationDay } from './reconciliation.service.js';
import { SyncService } from './sync.service.js';

@Controller('api/sync')
@UseGuards(ApiTokenGuard)
export class SyncController {
  constructor(
    private readonly sync: SyncService,
    private readonly reconcile: ReconciliationService,
  ) {}

  /** 202 with the new run (its `id` to poll); 409 with `runId` when a sync is already running. */
  @Post()
  @HttpCode(202)
  async start(): Promise<SyncRunView> {
    const run = await this.sync.start(SyncTrigger.Api);
    return this.sync.view(run.id);
  }

  @Get('runs')
  recent(@Query('limit') limit?: string): Promise<SyncRunView[]> {
    return this.sync.recent(Math.min(Math.max(Number.parseInt(limit ?? '20', 10) || 20, 1), 100));
  }

  /** Twilio's daily Usage Records against our rows, per account and UTC day (YYYY-MM-DD, inclusive). */
  @Get('reconciliation')
  reconciliation(@Query() query: DateRangeQuery): Promise<ReconciliationDay[]> {
    return this.reconcile.daily(query.from, query.to);
  }

  @Get('runs/:id')
  run(@Param('id') id: string): Promise<SyncRunView> {
    return this.sync.view(id);
  }
}
