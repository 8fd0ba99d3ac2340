import { Controller, Get, Logger, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { AgentsReportQuery } from './agents.report.js';
import { AgentsReportView } from './dto/agents.view.js';
import { DateRangeQuery } from './dto/date-range.query.js';
import { ReconciliationView } from './dto/reconciliation.view.js';
import { CallsQueryDto, ReportQueryDto, TimeseriesQueryDto } from './dto/report-query.dto.js';
import { CallsPageView, ComparisonView, FILE_SCHEMA, SummaryView, TimeseriesView, WorkspacesReportView } from './dto/report-views.dto.js';
import { CSV_TYPE, CsvExport, exportFilename } from './export/csv-export.js';
import { sendDownload } from './export/download.js';
import { ExportGate } from './export/export-gate.js';
import { WorkbookExport, XLSX_TYPE } from './export/workbook-export.js';
import { ReconciliationReport } from './reconciliation.report.js';
import { ReportCalls } from './report-calls.js';
import { ReportScopeResolver } from './report-scope.js';
import { ReportingService } from './reporting.service.js';

/** Read-only cost reports. Money is always an exact decimal string, in the request's `currency` (default REPORT_CURRENCY). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
@UseGuards(ApiTokenGuard)
export class ReportingController {
  private readonly logger = new Logger(ReportingController.name);

  constructor(
    private readonly reports: ReportingService,
    private readonly calls: ReportCalls,
    private readonly scopes: ReportScopeResolver,
    private readonly workbook: WorkbookExport,
    private readonly csv: CsvExport,
    private readonly gate: ExportGate,
    private readonly ledger: ReconciliationReport,
    private readonly agentsReport: AgentsReportQuery,
  ) {}

  @Get('reconciliation')
  @ApiOperation({
    summary: "Twilio's bill against our legs per account and UTC day (from–to inclusive, at most 400 days): unclaimed numbers, pending prices and what is left unexplained",
  })
  @ApiOkResponse({ type: ReconciliationView })
  reconciliation(@Query() query: DateRangeQuery): Promise<ReconciliationView> {
    return this.ledger.report(query.from, query.to);
  }

  @Get('summary')
  @ApiOperation({ summary: 'Totals for a period: calls, minutes, Twilio, ElevenLabs, total, cost per minute, unpriced and estimated calls, margin' })
  @ApiOkResponse({ type: SummaryView })
  async summary(@Query() query: ReportQueryDto) {
    return this.reports.summary(await this.scopes.resolve(query));
  }

  @Get('timeseries')
  @ApiOperation({ summary: 'Figures per calendar day, week (from Monday) or month in the report time zone, empty buckets included' })
  @ApiOkResponse({ type: TimeseriesView })
  async timeseries(@Query() query: TimeseriesQueryDto) {
    const scope = await this.scopes.resolve(query);
    const bucket = query.bucket ?? 'day';
    const { points, staleRates } = await this.reports.timeseriesWithRates(scope, bucket);
    return { from: scope.from, to: scope.to, timezone: scope.tz, currency: scope.currency, workspace: scope.workspace?.slug ?? null, bucket, points, staleRates };
  }

  @Get('workspaces')
  @ApiOperation({ summary: 'Figures per workspace, with margin where the workspace has a client price per minute' })
  @ApiOkResponse({ type: WorkspacesReportView })
  async workspaces(@Query() query: ReportQueryDto) {
    const scope = await this.scopes.resolve(query);
    const { rows, staleRates } = await this.reports.workspaceRows(scope);
    return { from: scope.from, to: scope.to, timezone: scope.tz, currency: scope.currency, workspaces: rows, staleRates };
  }

  @Get('compare')
  @ApiOperation({
    summary:
      'The period against the previous one by the calendar (a month against the previous month, a week against the week before, a free range against as many days before; ' +
      'a period still running against the same elapsed span, to the instant: see comparedWith), with a month-end forecast from the run rate',
  })
  @ApiOkResponse({ type: ComparisonView })
  async compare(@Query() query: ReportQueryDto) {
    return this.reports.compare(await this.scopes.resolve(query));
  }

  @Get('agents')
  @ApiOperation({
    summary:
      'Per agent: calls, minutes and cost per minute by component (telephony, agent platform, LLM, and what the vendor did not break down), ' +
      'against the previous period by the calendar as in compare; highest total cost first, calls without an agent under agentId null',
  })
  @ApiOkResponse({ type: AgentsReportView })
  async agents(@Query() query: ReportQueryDto) {
    return this.agentsReport.report(await this.scopes.resolve(query));
  }

  @Get('calls')
  @ApiOperation({ summary: 'Calls of the period, paged and sortable (sort=totalCost&order=desc for the most expensive)' })
  @ApiOkResponse({ type: CallsPageView })
  async list(@Query() query: CallsQueryDto) {
    const scope = await this.scopes.resolve(query);
    const page = await this.calls.page(scope, query.sort ?? 'startedAt', query.order ?? 'desc', query.page ?? 1, query.pageSize ?? 50);
    return { from: scope.from, to: scope.to, timezone: scope.tz, currency: scope.currency, ...page };
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: 'The report as an Excel workbook, streamed: Summary, By workspace, By day and every call of the period' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    schema: FILE_SCHEMA,
    description: 'Attachment simbiosia-costs_<from>_<to>[_<workspace>].xlsx; money as numbers in the currency’s format (headers name it), times local to the report zone',
  })
  @ApiTooManyRequestsResponse({ description: 'EXPORT_CONCURRENCY downloads (API and panel together) are already running; retry after Retry-After seconds' })
  async exportXlsx(@Query() query: ReportQueryDto, @Res() res: Response): Promise<void> {
    await this.gate.run(res, async () => {
      const scope = await this.scopes.resolve(query);
      await this.reports.assertConvertible(scope);
      await sendDownload(res, XLSX_TYPE, exportFilename(scope, 'xlsx'), () => this.workbook.write(scope, res), this.downloads());
    });
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'Every call of the period as CSV (the Calls sheet), streamed; times ISO 8601 in the report zone, money exact' })
  @ApiProduces(CSV_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: 'Attachment simbiosia-costs_<from>_<to>[_<workspace>].csv' })
  @ApiTooManyRequestsResponse({ description: 'EXPORT_CONCURRENCY downloads (API and panel together) are already running; retry after Retry-After seconds' })
  async exportCsv(@Query() query: ReportQueryDto, @Res() res: Response): Promise<void> {
    await this.gate.run(res, async () => {
      const scope = await this.scopes.resolve(query);
      await this.reports.assertConvertible(scope);
      await sendDownload(res, CSV_TYPE, exportFilename(scope, 'csv'), () => this.csv.write(scope, res), this.downloads());
    });
  }

  private downloads() {
    return { idleTimeoutMs: this.gate.idleTimeoutMs, logger: this.logger };
  }
}
