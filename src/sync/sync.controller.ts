import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { UuidPipe } from '../common/path-id.pipe.js';
import { SyncTrigger } from '../entities/index.js';
import { DateRangeQuery } from './dto/date-range.query.js';
import { ReconciliationDay } from './dto/reconciliation-day.view.js';
import { RunsQuery } from './dto/runs.query.js';
import { SyncRunView } from './dto/sync-run.view.js';
import { ReconciliationService } from './reconciliation.service.js';
import { SyncService } from './sync.service.js';

@ApiTags('sync')
@ApiBearerAuth()
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
  @ApiAcceptedResponse({ type: SyncRunView, description: 'The run started; poll GET /api/sync/runs/{id}' })
  @ApiConflictResponse({ description: 'A sync is already running: `{ runId }`' })
  async start(): Promise<SyncRunView> {
    const run = await this.sync.start(SyncTrigger.Api);
    return this.sync.view(run.id);
  }

  @Get('runs')
  @ApiOkResponse({ type: [SyncRunView], description: 'Newest first' })
  recent(@Query() query: RunsQuery): Promise<SyncRunView[]> {
    return this.sync.recent(query.limit ?? 20);
  }

  /** Twilio's daily Usage Records against our rows, per account and UTC day (YYYY-MM-DD, inclusive). */
  @Get('reconciliation')
  @ApiOkResponse({ type: [ReconciliationDay] })
  @ApiBadRequestResponse({ description: 'from or to missing, not a real date, or from after to' })
  reconciliation(@Query() query: DateRangeQuery): Promise<ReconciliationDay[]> {
    return this.reconcile.daily(query.from, query.to);
  }

  @Get('runs/:id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SyncRunView })
  @ApiNotFoundResponse({ description: 'No such run' })
  run(@Param('id', UuidPipe) id: string): Promise<SyncRunView> {
    return this.sync.view(id);
  }
}
