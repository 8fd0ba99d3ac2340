import React from 'react';
import { Box, Button, H2, H5, Loader, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  Card,
  COLORS,
  ComparedWithContext,
  CurrencyPicker,
  DEFAULT_PERIOD,
  TEXT,
  dateTime,
  exportHref,
  money,
  number,
  PeriodPicker,
  periodParams,
  ProvisionalNote,
  StaleRatesNote,
  StatCard,
  usePanelI18n,
} from './ui';
import { SyncNowButton } from './sync-now';
import { LedgerDriftBadge } from './ledger-drift-badge';

const api = new ApiClient();

function StatCards({ data, t, lang }) {
  const s = data.summary;
  const c = data.change;
  const cur = data.currency;
  const note = (part) => <ProvisionalNote provisional={data.provisional} part={part} t={t} lang={lang} mb="sm" />;
  return (
    <Box flex flexDirection="row" flexWrap="wrap" mx="-sm" data-testid="stat-cards">
      <StatCard id="calls" label={t('calls')} raw={String(s.calls)} value={number(s.calls, lang)} change={c.calls} t={t} />
      <StatCard id="minutes" label={t('minutes')} raw={s.minutes} value={number(s.minutes, lang, 1)} change={c.minutes} t={t} />
      <StatCard id="totalCost" label={t('totalCost')} raw={s.totalCost} value={money(s.totalCost, lang, 2, cur)} change={c.totalCost} t={t} note={note('total')} />
      <StatCard id="twilioCost" label="Twilio" raw={s.twilioCost} value={money(s.twilioCost, lang, 2, cur)} change={c.twilioCost} t={t} note={note('twilio')} />
      <StatCard
        id="elevenlabsCost"
        label="ElevenLabs"
        raw={s.elevenlabsCost}
        value={money(s.elevenlabsCost, lang, 2, cur)}
        change={c.elevenlabsCost}
        t={t}
        note={note('elevenlabs')}
      />
      <StatCard id="costPerMinute" label={t('costPerMinute')} raw={s.costPerMinute ?? ''} value={money(s.costPerMinute, lang, 4, cur)} change={c.costPerMinute} t={t} />
    </Box>
  );
}

export function DailyChart({ points, lang, currency }) {
  const rows = points.map((p) => ({ day: p.bucket.slice(5), Twilio: Number(p.twilioCost), ElevenLabs: Number(p.elevenlabsCost) }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={rows}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="day" stroke={COLORS.muted} fontSize={12} />
        <YAxis stroke={COLORS.muted} fontSize={12} tickFormatter={(v) => money(v, lang, 0, currency)} />
        <Tooltip formatter={(v) => money(v, lang, 2, currency)} contentStyle={{ background: '#1E2230', border: 'none' }} />
        <Legend />
        <Bar dataKey="Twilio" stackId="cost" fill={COLORS.twilio} />
        <Bar dataKey="ElevenLabs" stackId="cost" fill={COLORS.elevenlabs} radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The four components of each day's cost per minute, stacked: their stack is the day's whole cost per minute. */
const COMPONENT_BARS = [
  ['telephony', COLORS.twilio],
  ['agentPlatform', COLORS.elevenlabs],
  ['llm', '#F59E0B'],
  ['unsplit', COLORS.muted],
];

export function ComponentsChart({ days, t, lang, currency }) {
  const rows = days.map((d) => ({ day: d.day.slice(5), ...Object.fromEntries(COMPONENT_BARS.map(([k]) => [t(k), Number(d.costPerMinute[k] ?? 0)])) }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} margin={{ left: 0, right: 4 }}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="day" stroke={COLORS.muted} fontSize={11} minTickGap={8} />
        <YAxis stroke={COLORS.muted} fontSize={11} width={72} tickFormatter={(v) => money(v, lang, 3, currency)} />
        <Tooltip formatter={(v) => money(v, lang, 4, currency)} contentStyle={{ background: '#1E2230', border: 'none' }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {COMPONENT_BARS.map(([k, color], i) => (
          <Bar key={k} dataKey={t(k)} stackId="cpm" fill={color} radius={i === COMPONENT_BARS.length - 1 ? [4, 4, 0, 0] : undefined} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

function WorkspaceChart({ rows, lang, currency }) {
  const data = rows
    .filter((w) => w.calls > 0)
    .sort((a, b) => Number(b.totalCost) - Number(a.totalCost))
    .slice(0, 12)
    .map((w) => ({ name: w.name, Twilio: Number(w.twilioCost), ElevenLabs: Number(w.elevenlabsCost) }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 34)}>
      <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis type="number" stroke={COLORS.muted} fontSize={12} tickFormatter={(v) => money(v, lang, 0, currency)} />
        <YAxis type="category" dataKey="name" stroke={COLORS.muted} fontSize={12} width={150} />
        <Tooltip formatter={(v) => money(v, lang, 2, currency)} contentStyle={{ background: '#1E2230', border: 'none' }} />
        <Bar dataKey="Twilio" stackId="w" fill={COLORS.twilio} />
        <Bar dataKey="ElevenLabs" stackId="w" fill={COLORS.elevenlabs} />
      </BarChart>
    </ResponsiveContainer>
  );
}

function WorkspaceCard({ ws, t, lang, currency }) {
  const f = ws.figures;
  const sync = ws.lastSync;
  const syncColor = !sync ? COLORS.muted : sync.status === 'succeeded' ? '#22C55E' : '#F97316';
  return (
    <Card flex="1 1 280px" m="sm" data-testid={`workspace-card-${ws.slug}`}>
      <Box flex justifyContent="space-between" alignItems="baseline">
        <H5 mb="sm">
          <a href={`/admin/resources/workspaces/records/${ws.id}/show`} style={{ color: 'inherit' }}>
            {ws.name}
          </a>
        </H5>
        {!ws.active && (
          <Text fontSize="sm" color="grey60">
            {t('inactive')}
          </Text>
        )}
      </Box>
      <Text fontSize="sm" color="grey60" mb="md">
        {ws.numbers.join(' · ') || '—'}
      </Text>
      <Box flex justifyContent="space-between">
        <Text>
          {number(f ? f.calls : 0, lang)} {t('callsLower')}
        </Text>
        <Text>{number(f ? f.minutes : 0, lang, 1)} min</Text>
        <Text fontWeight="bold" data-testid="workspace-total" data-value={f ? f.totalCost : '0'}>
          {money(f ? f.totalCost : 0, lang, 2, currency)}
        </Text>
      </Box>
      <ProvisionalNote provisional={ws.provisional} t={t} lang={lang} mt="sm" textAlign="right" />
      <Text fontSize="sm" mt="md" style={{ color: syncColor }}>
        {sync ? `${t('lastSync')}: ${dateTime(sync.at, lang)} · ${t(`sync_${sync.status}`)}` : t('neverSynced')}
      </Text>
    </Card>
  );
}

export default function Dashboard() {
  const { t, lang } = usePanelI18n();
  const [period, setPeriod] = React.useState(DEFAULT_PERIOD);
  // Blank: REPORT_CURRENCY, as the server answers it (data.currency).
  const [currency, setCurrency] = React.useState('');
  const [data, setData] = React.useState(null);
  const [error, setError] = React.useState(null);
  // The currencies to offer stay when an answer is refused (a missing rate), so the user can pick another.
  const [currencies, setCurrencies] = React.useState([]);

  const load = React.useCallback(() => {
    setError(null);
    api
      .getDashboard({ params: { ...periodParams(period), ...(currency ? { currency } : {}) } })
      .then((res) => {
        setData(res.data);
        setCurrencies(res.data.currencies || []);
      })
      .catch((e) => {
        // No figures in another currency left on screen under the message.
        setData(null);
        setError((e.response && e.response.data && e.response.data.message) || e.message);
      });
  }, [period.preset, period.from, period.to, currency]);
  React.useEffect(load, [load]);
  const cur = data ? data.currency : currency;

  return (
    <Box p="xxl" data-testid="dashboard" style={{ color: TEXT }}>
      <Box flex justifyContent="space-between" alignItems="center" flexWrap="wrap" mb="xl" style={{ gap: 12 }}>
        <H2 mb="0" style={{ color: TEXT }}>
          {t('dashboardTitle')}
        </H2>
        <Box flex alignItems="center" style={{ gap: 12 }}>
          <SyncNowButton onFinished={load} />
          <Button
            as="a"
            variant="outlined"
            href={exportHref('/admin', { from: data ? data.from : period.from, to: data ? data.to : period.to, currency: cur })}
            data-testid="export-excel"
          >
            ⤓ {t('exportExcel')}
          </Button>
        </Box>
      </Box>
      <PeriodPicker period={period} resolved={data} onChange={setPeriod} t={t}>
        <CurrencyPicker value={cur} options={currencies} onChange={setCurrency} t={t} />
      </PeriodPicker>
      {error && (
        <Text mt="lg" style={{ color: '#F97316' }} data-testid="dashboard-error">
          {error}
        </Text>
      )}
      {data && <LedgerDriftBadge drift={data.ledgerDrift} />}
      {!data && !error && <Loader />}
      {data && (
        <Box mt="xl">
          <Text color="grey60" mb="md" data-testid="dashboard-period" data-from={data.from} data-to={data.to} data-currency={data.currency}>
            {[
              `${data.from} → ${data.to} (${data.timezone})`,
              t('amountsIn', { currency: data.currency }),
              `${t('forecast')}: ${money(data.forecast.forecast, lang, 2, cur)} (${data.forecast.month})`,
              ...(data.summary.margin !== null ? [`${t('margin')}: ${money(data.summary.margin, lang, 2, cur)}`] : []),
            ].join(' · ')}
          </Text>
          <StaleRatesNote staleRates={data.summary.staleRates} t={t} mb="md" />
          <ComparedWithContext.Provider value={data.comparedWith}>
            <StatCards data={data} t={t} lang={lang} />
          </ComparedWithContext.Provider>
          <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
            <Card flex="2 1 520px" m="sm">
              <H5>{t('dailyCost')}</H5>
              <DailyChart points={data.daily} t={t} lang={lang} currency={cur} />
            </Card>
            <Card flex="1 1 360px" m="sm">
              <H5>{t('costByWorkspace')}</H5>
              <WorkspaceChart rows={data.byWorkspace} lang={lang} currency={cur} />
            </Card>
            <Card flex="1 1 100%" m="sm" data-testid="components-chart">
              <H5>{t('costPerMinuteByComponent')}</H5>
              <ComponentsChart days={data.dailyComponents} t={t} lang={lang} currency={cur} />
            </Card>
          </Box>
          <H5 mt="xl" mb="sm">
            {t('workspaces')}
          </H5>
          <Box flex flexDirection="row" flexWrap="wrap" mx="-sm">
            {data.workspaces.map((ws) => (
              <WorkspaceCard key={ws.id} ws={ws} t={t} lang={lang} currency={cur} />
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}
