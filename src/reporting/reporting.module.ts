import { Module } from '@nestjs/common';
import { AgentsReportQuery } from './agents.report.js';
import { ElevenlabsLedgerReport } from './elevenlabs-ledger.js';
import { CsvExport } from './export/csv-export.js';
import { ExportGate } from './export/export-gate.js';
import { WorkbookExport } from './export/workbook-export.js';
import { ReconciliationReport } from './reconciliation.report.js';
import { ReportCalls } from './report-calls.js';
import { SnapshotWriter } from './snapshot-writer.js';
import { ReportScopeResolver } from './report-scope.js';
import { ReportingController } from './reporting.controller.js';
import { ReportingService } from './reporting.service.js';

/** Every provider is exported: the panel, Slack, alerts and the sync read their figures from here. */
const PROVIDERS = [
  SnapshotWriter,
  ReconciliationReport,
  ReportingService,
  ReportCalls,
  ReportScopeResolver,
  WorkbookExport,
  CsvExport,
  ExportGate,
  ElevenlabsLedgerReport,
  AgentsReportQuery,
];

@Module({
  controllers: [ReportingController],
  providers: PROVIDERS,
  // One ExportGate for the API and the panel (which imports this module): their downloads share the cap.
  exports: PROVIDERS,
})
export class ReportingModule {}
