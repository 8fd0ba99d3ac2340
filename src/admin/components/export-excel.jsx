import React from 'react';
import { Box, Button, Input, Label, Text } from '@adminjs/design-system';
import { CurrencyPicker, DEFAULT_PERIOD, exportHref, PeriodPicker, periodParams, usePanelI18n, usePanelJson } from './ui';

const FILTERS = { workspace: 'filters.workspaceId', agent: 'filters.agentId', direction: 'filters.direction', status: 'filters.status' };

/** The Calls list's filters, when the user came here from it (AdminJS drops them on the way). */
function listFilters() {
  try {
    const from = new URL(document.referrer);
    if (from.origin !== window.location.origin || !from.pathname.endsWith('/resources/calls')) return {};
    return Object.fromEntries(Object.entries(FILTERS).map(([key, param]) => [key, from.searchParams.get(param) || '']));
  } catch {
    return {};
  }
}

/**
 * The Calls list's "Export to Excel": the reporting module's workbook for the chosen period and
 * filters, starting from the list's own filters.
 */
export default function ExportExcel() {
  const { t } = usePanelI18n();
  const [period, setPeriod] = React.useState(DEFAULT_PERIOD);
  // A button's days come from the server (its clock, the report zone); typed dates go as they are.
  const { data: resolved } = usePanelJson(`/admin/api/panel/period?${new URLSearchParams(periodParams(period))}`);
  const [filters, setFilters] = React.useState({ workspace: '', agent: '', direction: '', status: '', ...listFilters() });
  // Blank until picked: REPORT_CURRENCY, which the server names (resolved.currency).
  const [currency, setCurrency] = React.useState('');
  const days = period.preset === 'custom' ? period : resolved || {};
  const shownCurrency = currency || (resolved && resolved.currency) || '';
  const params = { from: days.from, to: days.to, ...filters, currency: shownCurrency };
  const href = exportHref('/admin', params);
  // The download's own checks (filters, an exchange rate for every day) before its link is offered.
  const { error: refused } = usePanelJson(`/admin/api/panel/export-check?${new URLSearchParams(Object.entries(params).filter(([, v]) => v))}`);
  const field = (key) => (
    <Box key={key} mr="lg" mb="md">
      <Label>{t(`filter_${key}`)}</Label>
      <Input value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.target.value.trim() })} data-testid={`export-${key}`} />
    </Box>
  );
  return (
    <Box variant="grey" p="xl">
      <Text mb="lg">{t('exportExplain')}</Text>
      <PeriodPicker period={period} resolved={period.preset === 'custom' ? null : resolved} onChange={setPeriod} t={t}>
        <CurrencyPicker value={shownCurrency} options={resolved && resolved.currencies} onChange={setCurrency} t={t} />
      </PeriodPicker>
      <Box flex flexWrap="wrap" mt="lg">
        {Object.keys(FILTERS).map(field)}
      </Box>
      {refused && (
        <Text mt="lg" style={{ color: '#F97316' }} data-testid="export-error">
          {refused}
        </Text>
      )}
      <Button
        as="a"
        href={refused ? undefined : href}
        aria-disabled={Boolean(refused)}
        style={refused ? { opacity: 0.5, pointerEvents: 'none' } : undefined}
        variant="contained"
        mt="lg"
        data-testid="export-download"
      >
        ⤓ {t('exportExcel')}
      </Button>
    </Box>
  );
}
