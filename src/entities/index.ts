import { AdminLoginAttempt } from './admin-login-attempt.entity.js';
import { AdminUser } from './admin-user.entity.js';
import { AlertEvent } from './alert-event.entity.js';
import { AlertRule } from './alert-rule.entity.js';
import { CallHourlyRollup } from './call-hourly-rollup.entity.js';
import { Call } from './call.entity.js';
import { CreditRate } from './credit-rate.entity.js';
import { ExchangeRate } from './exchange-rate.entity.js';
import { ElevenlabsUsageAccess } from './elevenlabs-usage-access.entity.js';
import { ElevenlabsUsageDay } from './elevenlabs-usage-day.entity.js';
import { Snapshot } from './snapshot.entity.js';
import { SyncRunSource } from './sync-run-source.entity.js';
import { SyncRun } from './sync-run.entity.js';
import { SyncWatermark } from './sync-watermark.entity.js';
import { TwilioChildLeg } from './twilio-child-leg.entity.js';
import { TwilioLedgerDay } from './twilio-ledger-day.entity.js';
import { TwilioUnclaimedLeg } from './twilio-unclaimed-leg.entity.js';
import { TwilioUsageDay } from './twilio-usage-day.entity.js';
import { Workspace } from './workspace.entity.js';

export * from './admin-login-attempt.entity.js';
export * from './admin-user.entity.js';
export * from './alert-event.entity.js';
export * from './alert-rule.entity.js';
export * from './call-hourly-rollup.entity.js';
export * from './call-status.js';
export * from './call.entity.js';
export * from './conversation-state.js';
export * from './credit-rate.entity.js';
export * from './elevenlabs-usage-access.entity.js';
export * from './elevenlabs-usage-day.entity.js';
export * from './exchange-rate.entity.js';
export * from './snapshot.entity.js';
export * from './sync-run-source.entity.js';
export * from './sync-run.entity.js';
export * from './sync-watermark.entity.js';
export * from './twilio-child-leg.entity.js';
export * from './twilio-ledger-day.entity.js';
export * from './twilio-unclaimed-leg.entity.js';
export * from './twilio-usage-day.entity.js';
export * from './twilio-usage-scope.js';
export * from './workspace.entity.js';

/** Every entity, for the data source and for TypeOrmModule.forFeature. */
export const ENTITIES = [
  Workspace,
  Call,
  CreditRate,
  SyncRun,
  SyncRunSource,
  Snapshot,
  AlertRule,
  AlertEvent,
  AdminUser,
  AdminLoginAttempt,
  TwilioChildLeg,
  SyncWatermark,
  TwilioUsageDay,
  CallHourlyRollup,
  TwilioLedgerDay,
  TwilioUnclaimedLeg,
  ElevenlabsUsageDay,
  ElevenlabsUsageAccess,
  ExchangeRate,
];
