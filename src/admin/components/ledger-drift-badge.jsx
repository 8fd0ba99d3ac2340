import React from 'react';
import { Link } from 'react-router-dom';
import { usePanelI18n } from './ui';

const RED = '#EF4444';

/**
 * Shown on the dashboard while a closed day (older than 48 h) still drifts after the sync's repair;
 * it leads to the Conciliación page at the latest such day's account and month.
 */
export function LedgerDriftBadge({ drift }) {
  const { t } = usePanelI18n();
  if (!drift || !drift.count) return null;
  const q = drift.latest ? `?${new URLSearchParams({ account: drift.latest.accountSid, month: drift.latest.day.slice(0, 7) })}` : '';
  return (
    <Link
      to={`/admin/pages/reconciliation${q}`}
      data-testid="ledger-drift-badge"
      data-count={drift.count}
      style={{ display: 'inline-block', marginTop: 16, color: RED, border: `1px solid ${RED}`, borderRadius: 16, padding: '4px 12px', fontWeight: 600, textDecoration: 'none' }}
    >
      ⚠ {drift.count} {t(drift.count === 1 ? 'ledgerDriftDay' : 'ledgerDriftDays')}
    </Link>
  );
}
