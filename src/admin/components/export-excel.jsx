import React from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import { exportHref, PeriodPicker, presetPeriod, usePanelI18n } from './ui';

/**
 * The Calls list's "Export to Excel": the reporting module's workbook for the chosen period, keeping
 * the list's current filters (workspace, agent, direction, status) where the report accepts them.
 */
export default function ExportExcel() {
  const { t } = usePanelI18n();
  const [period, setPeriod] = React.useState({ ...presetPeriod('month'), preset: 'month' });
  const listFilters = new URLSearchParams(window.location.search);
  const filters = {
    workspace: listFilters.get('filters.workspaceId'),
    agent: listFilters.get('filters.agentId'),
    direction: listFilters.get('filters.direction'),
    status: listFilters.get('filters.status'),
  };
  const href = exportHref('/admin', { from: period.from, to: period.to, ...filters });
  return (
    <Box variant="grey" p="xl">
      <Text mb="lg">{t('exportExplain')}</Text>
      <PeriodPicker period={period} onChange={setPeriod} t={t} />
      <Button as="a" href={href} mt="xl" data-testid="export-download">⤓ {t('exportExcel')}</Button>
    </Box>
  );
}
