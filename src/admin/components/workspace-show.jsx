import React from 'react';
import { Box, Button, H2, H5, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip, Legend } from 'recharts';
import {
  Card,
  COLORS,
  TEXT,
  dateTime,
  exportHref,
  money,
  number,
  ComparedWithContext,
  CurrencyPicker,
  DEFAULT_PERIOD,
  PeriodPicker,
  periodParams,
  ProvisionalNote,
  StaleRatesNote,
  StatCard,
  usePanelI18n,
  usePanelJson,
} from './ui';
import { DailyChart } from './dashboard';
import { useCurrentAdmin } from 'adminjs';

/** An unpriced Twilio cost reads "pendiente" (beside what is priced so far), not a dash that looks like no Twilio leg. */
function PricePending({ amount, lang, t, currency }) {
  const priced = amount !== null && amount !== undefined && Number(amount) !== 0;
  return (
    <span data-testid="twilio-price-pending" title={t('pricePendingHint')} style={{ color: '#FBBF24' }}>
      {priced ? `${money(amount, lang, 4, currency)} · ${t('pricePending')}` : t('pricePending')}
    </span>
  );
}

function Platforms({ rows, lang, currency }) {
  const data = rows.map((r) => ({ name: r.platform, value: Number(r.cost) }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <PieChart>
        <Pie data={data} dataKey="value" nameKey="name" innerRadius={55} outerRadius={90} paddingAngle={2}>
          <Cell fill={COLORS.twilio} />
          <Cell fill={COLORS.elevenlabs} />
        </Pie>
        <Tooltip formatter={(v) => money(v, lang, 2, currency)} contentStyle={{ background: '#1E2230', border: 'none' }} />
        <Legend />
      </PieChart>
    </ResponsiveContainer>
  );
}

function SimpleTable({ columns, rows, testId }) {
  return (
    <Table data-testid={testId}>
      <TableHead>
        <TableRow>
          {columns.map((c) => (
            <TableCell key={c.key}>{c.label}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={i}>
            {columns.map((c) => (
              <TableCell key={c.key}>{c.render(row)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The workspace page: its figures for a period, trend, platforms, snapshot history, latest calls. */
export default function WorkspaceShow({ record }) {
  const { t, lang } = usePanelI18n();
  const [currentAdmin] = useCurrentAdmin();
  const [period, setPeriod] = React.useState(DEFAULT_PERIOD);
  // Blank: the workspace's own currency, as the server answers it (data.currency); the picker switches it.
  const [currency, setCurrency] = React.useState('');
  const p = record.params;
  const { data: answer, error } = usePanelJson(`/admin/api/panel/workspaces/${record.id}?${new URLSearchParams({ ...periodParams(period), ...(currency ? { currency } : {}) })}`);
  // A refused answer (a missing rate) leaves no figures of another currency on screen.
  const data = error ? null : answer;
  const cur = data ? data.currency : currency || p.currency;
  // What to offer stays when an answer is refused, so the user can pick another.
  const currencies = React.useRef([]);
  if (answer && answer.currencies) currencies.current = answer.currencies;

  const numbers = Object.keys(p)
    .filter((k) => k.startsWith('twilioPhoneNumbers.'))
    .map((k) => p[k]);
  const s = data && data.summary;
  const c = data && data.change;
  return (
    <Box data-testid="workspace-page" style={{ color: TEXT }}>
      <Box flex justifyContent="space-between" alignItems="center" flexWrap="wrap" mb="lg" style={{ gap: 12 }}>
        <Box>
          <H2 mb="sm" style={{ color: TEXT }} data-testid="workspace-name">
            {p.name}
          </H2>
          <Text color="grey60">
            {p.slug} · {numbers.join(' · ') || '—'}
          </Text>
        </Box>
        <Box flex style={{ gap: 12 }}>
          {currentAdmin && currentAdmin.role === 'admin' && (
            <Button as="a" variant="outlined" href={`/admin/resources/workspaces/records/${record.id}/edit`} data-testid="edit-workspace">
              ✎ {t('edit')}
            </Button>
          )}
          <Button
            as="a"
            variant="outlined"
            href={exportHref('/admin', { from: data ? data.from : period.from, to: data ? data.to : period.to, workspace: p.slug, currency: cur })}
            data-testid="export-excel"
          >
            ⤓ {t('exportExcel')}
          </Button>
        </Box>
      </Box>
      <PeriodPicker period={period} resolved={data} onChange={setPeriod} t={t}>
        <CurrencyPicker value={cur} options={currencies.current} onChange={setCurrency} t={t} />
      </PeriodPicker>
      {error && (
        <Text mt="lg" style={{ color: '#F97316' }} data-testid="workspace-error">
          {error}
        </Text>
      )}
      {!data && !error && <Loader />}
      {data && (
        <Box mt="xl">
          <Text color="grey60" mb="md" data-testid="workspace-period" data-currency={data.currency}>
            {[
              `${data.from} → ${data.to} (${data.timezone})`,
              t('amountsIn', { currency: data.currency }),
              `${t('forecast')}: ${money(data.forecast.forecast, lang, 2, cur)} (${data.forecast.month})`,
            ].join(' · ')}
          </Text>
          <StaleRatesNote staleRates={s.staleRates} t={t} mb="md" />
          <ComparedWithContext.Provider value={data.comparedWith}>
            <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
              <StatCard id="calls" label={t('calls')} raw={String(s.calls)} value={number(s.calls, lang)} change={c.calls} t={t} />
              <StatCard id="minutes" label={t('minutes')} raw={s.minutes} value={number(s.minutes, lang, 1)} change={c.minutes} t={t} />
              <StatCard
                id="totalCost"
                label={t('totalCost')}
                raw={s.totalCost}
                value={money(s.totalCost, lang, 2, cur)}
                change={c.totalCost}
                t={t}
                note={<ProvisionalNote provisional={data.provisional} t={t} lang={lang} mb="sm" />}
              />
              <StatCard id="costPerMinute" label={t('costPerMinute')} raw={s.costPerMinute ?? ''} value={money(s.costPerMinute, lang, 4, cur)} change={c.costPerMinute} t={t} />
              {s.margin !== null && <StatCard id="margin" label={t('margin')} raw={s.margin} value={money(s.margin, lang, 2, cur)} t={t} />}
            </Box>
          </ComparedWithContext.Provider>
          <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
            <Card flex="2 1 520px" m="sm">
              <H5>{t('dailyCost')}</H5>
              <DailyChart points={data.daily} t={t} lang={lang} currency={cur} />
            </Card>
            <Card flex="1 1 300px" m="sm" data-testid="platforms">
              <H5>{t('byPlatform')}</H5>
              <Platforms rows={data.platforms} lang={lang} currency={cur} />
            </Card>
          </Box>
          <Card m="sm" mt="lg">
            <H5>{t('latestCalls')}</H5>
            <SimpleTable
              testId="latest-calls"
              rows={data.latestCalls}
              columns={[
                { key: 'start', label: t('start'), render: (r) => dateTime(r.startedAt, lang) },
                { key: 'direction', label: t('direction'), render: (r) => r.direction },
                { key: 'status', label: t('status'), render: (r) => r.status || '—' },
                { key: 'duration', label: t('duration'), render: (r) => `${number(r.durationSeconds, lang)} s` },
                {
                  key: 'twilio',
                  label: 'Twilio',
                  render: (r) => (r.twilioPricePending ? <PricePending amount={r.twilioCost} lang={lang} t={t} currency={cur} /> : money(r.twilioCost, lang, 4, cur)),
                },
                { key: 'elevenlabs', label: 'ElevenLabs', render: (r) => money(r.elevenlabsCost, lang, 4, cur) },
                { key: 'total', label: t('totalCost'), render: (r) => money(r.totalCost, lang, 4, cur) },
              ]}
            />
          </Card>
          <Card m="sm" mt="lg">
            <H5>{t('snapshotHistory')}</H5>
            <Text fontSize="sm" color="grey60" mb="md">
              {data.lastSync ? `${t('lastSync')}: ${dateTime(data.lastSync.at, lang)} · ${t(`sync_${data.lastSync.status}`)}` : t('neverSynced')}
            </Text>
            <SimpleTable
              testId="snapshots"
              rows={data.snapshots}
              columns={[
                { key: 'at', label: t('takenAt'), render: (r) => dateTime(r.takenAt, lang) },
                { key: 'calls', label: t('calls'), render: (r) => number(r.calls, lang) },
                { key: 'minutes', label: t('minutes'), render: (r) => number(r.minutes, lang, 1) },
                // Each snapshot in the currency it was taken in, which may not be the page's.
                { key: 'twilio', label: 'Twilio', render: (r) => money(r.twilioCost, lang, 2, r.currency) },
                { key: 'elevenlabs', label: 'ElevenLabs', render: (r) => money(r.elevenlabsCost, lang, 2, r.currency) },
                { key: 'total', label: t('totalCost'), render: (r) => money(r.totalCost, lang, 2, r.currency) },
                { key: 'currency', label: t('currency'), render: (r) => <span data-testid="snapshot-currency">{r.currency}</span> },
              ]}
            />
          </Card>
        </Box>
      )}
    </Box>
  );
}
