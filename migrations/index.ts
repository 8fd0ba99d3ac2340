import type { MigrationInterface } from 'typeorm';
import { Initial1795696160984 } from './1795696160984-Initial.js';
import { CallRollups1795697739693 } from './1795697739693-CallRollups.js';
import { CallCostIndex1795700000000 } from './1795700000000-CallCostIndex.js';
import { AdminSessions1795707001347 } from './1795707001347-AdminSessions.js';
import { AdminSessionGuard1796191477325 } from './1796191477325-AdminSessionGuard.js';
import { AlertEventLease1796200000000 } from './1796200000000-AlertEventLease.js';
import { Ledger1796300000000 } from './1796300000000-Ledger.js';
import { ElevenlabsUsageDays1796310000000 } from './1796310000000-ElevenlabsUsageDays.js';
import { PricePendingRule1796320000000 } from './1796320000000-PricePendingRule.js';
import { VendorWordsAtAdapters1796400000000 } from './1796400000000-VendorWordsAtAdapters.js';
import { ExchangeRates1796500000000 } from './1796500000000-ExchangeRates.js';
import { CallComponents1796600000000 } from './1796600000000-CallComponents.js';
import { RollupCurrencies1796700000000 } from './1796700000000-RollupCurrencies.js';
import { AlertRuleCurrency1796800000000 } from './1796800000000-AlertRuleCurrency.js';
import { ConversionStatistics1796900000000 } from './1796900000000-ConversionStatistics.js';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list loads under node, the
 * CLIs and jest's ESM loader. `npm run migration:generate -- <Name>` writes a new file and lists it here.
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [Initial1795696160984, CallRollups1795697739693, CallCostIndex1795700000000, AdminSessions1795707001347, AdminSessionGuard1796191477325, AlertEventLease1796200000000, Ledger1796300000000, ElevenlabsUsageDays1796310000000, PricePendingRule1796320000000, VendorWordsAtAdapters1796400000000, ExchangeRates1796500000000, CallComponents1796600000000, RollupCurrencies1796700000000, AlertRuleCurrency1796800000000, ConversionStatistics1796900000000];
