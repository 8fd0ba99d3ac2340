import React from 'react';
import { Box, H2, H5, Input, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useLocation, useNavigate } from 'react-router-dom';
import { Card, COLORS, TEXT, money, number, usePanelI18n, usePanelJson } from './ui';
import { ElevenlabsSection } from './reconciliation-elevenlabs';
import { amount, cell, LEDGER_COLORS, Scroll } from './reconciliation-table';

const locales = { es: 'es-ES', en: 'en-US' };

/** "jue, 5": Twilio's days are UTC days, so they are read in UTC whatever the browser's zone. */
function dayLabel(day, lang) {
  return new Intl.DateTimeFormat(locales[lang] || 'en-US', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** The Calls list filtered to one UTC day (AdminJS reads list filters from the URL; `to` is inclusive). */
export function callsOfDayHref(day) {
  const q = new URLSearchParams({ 'filters.startedAt~~from': `${day}T00:00:00.000Z`, 'filters.startedAt~~to': `${day}T23:59:59.999Z` });
  return `/admin/resources/calls?${q.toString()}`;
}

export function LedgerStatus({ status, t }) {
  const color = LEDGER_COLORS[status] || COLORS.muted;
  return (
    <span
      data-testid="ledger-status"
      data-status={status}
      style={{ color, border: `1px solid ${color}`, borderRadius: 12, padding: '2px 10px', whiteSpace: 'nowrap', fontWeight: 600 }}
    >
      ● {t(`ledger_${status}`)}
    </span>
  );
}

function DayTable({ report, t, lang }) {
  const tot = report.totals;
  const head = [t('day'), t('ledgerTwilio'), t('ledgerOurs'), t('ledgerUnclaimed'), t('ledgerPending'), t('ledgerUnexplained'), t('status')];
  return (
    <Scroll>
      <Table data-testid="ledger-days" style={{ minWidth: 760 }}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={h} style={i >= 1 && i <= 5 ? amount : cell}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {report.days.map((d) => (
            <TableRow key={d.day} data-testid="ledger-day" data-day={d.day} data-status={d.status} data-unexplained={d.unexplained}>
              <TableCell style={cell}>
                <a href={callsOfDayHref(d.day)} title={`${t('viewCalls')} · ${d.day} (UTC)`} style={{ color: COLORS.total }} data-testid="ledger-day-calls">
                  {dayLabel(d.day, lang)}
                </a>
              </TableCell>
              <TableCell style={amount}>{money(d.twilioCost, lang)}</TableCell>
              <TableCell style={amount}>{money(d.ourCost, lang)}</TableCell>
              <TableCell style={amount}>{money(d.unclaimedCost, lang)}</TableCell>
              <TableCell style={amount}>{number(d.pendingLegs, lang)}</TableCell>
              <TableCell style={amount}>{money(d.unexplained, lang)}</TableCell>
              <TableCell style={cell}>
                <LedgerStatus status={d.status} t={t} />
              </TableCell>
            </TableRow>
          ))}
          <TableRow data-testid="ledger-totals" data-twilio={tot.twilioCost} data-ours={tot.ourCost} data-unclaimed={tot.unclaimedCost} data-unexplained={tot.unexplained}>
            <TableCell style={{ ...cell, fontWeight: 700 }}>{t('monthTotals')}</TableCell>
            {[tot.twilioCost, tot.ourCost, tot.unclaimedCost].map((v, i) => (
              <TableCell key={i} style={{ ...amount, fontWeight: 700 }}>
                {money(v, lang)}
              </TableCell>
            ))}
            <TableCell style={{ ...amount, fontWeight: 700 }}>{number(tot.pendingLegs, lang)}</TableCell>
            <TableCell style={{ ...amount, fontWeight: 700 }}>{money(tot.unexplained, lang)}</TableCell>
            <TableCell />
          </TableRow>
        </TableBody>
      </Table>
    </Scroll>
  );
}

function UnclaimedNumbers({ rows, t, lang }) {
  if (!rows.length)
    return (
      <Text color="grey60" data-testid="no-unclaimed">
        {t('noUnclaimedNumbers')}
      </Text>
    );
  return (
    <Scroll>
      <Table data-testid="unclaimed-numbers" style={{ minWidth: 480 }}>
        <TableHead>
          <TableRow>
            <TableCell style={cell}>{t('number')}</TableCell>
            <TableCell style={amount}>{t('legs')}</TableCell>
            <TableCell style={amount}>{t('cost')}</TableCell>
            <TableCell style={cell}>{t('days')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((n) => (
            <TableRow key={n.number} data-testid="unclaimed-number" data-number={n.number} data-cost={n.cost} data-legs={n.legs}>
              <TableCell style={cell}>{n.number}</TableCell>
              <TableCell style={amount}>
                {number(n.legs, lang)}
                {n.pendingLegs ? ` (${number(n.pendingLegs, lang)} ${t('ledger_pending').toLowerCase()})` : ''}
              </TableCell>
              <TableCell style={amount}>{money(n.cost, lang)}</TableCell>
              <TableCell style={cell}>{n.firstDay === n.lastDay ? n.firstDay : `${n.firstDay} → ${n.lastDay}`}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
}

/** Twilio's side: the account's days (each a link to its calls), the month's totals and the numbers nobody claims. */
function TwilioSection({ report, t, lang }) {
  return (
    <Card mt="xl" p={['lg', 'xl']} data-testid="ledger-twilio">
      <H5 style={{ color: TEXT }}>Twilio</H5>
      {report.days.length ? (
        <DayTable report={report} t={t} lang={lang} />
      ) : (
        <Text color="grey60" data-testid="no-ledger-days">
          {t('noLedgerDays')}
        </Text>
      )}
      <H5 mt="xl" style={{ color: TEXT }}>
        {t('unclaimedNumbers')}
      </H5>
      <UnclaimedNumbers rows={report.unclaimedNumbers} t={t} lang={lang} />
    </Card>
  );
}

function Pickers({ data, choose, t }) {
  const field = { background: '#1E2230', color: TEXT, border: `1px solid ${COLORS.grid}`, borderRadius: 6, padding: '6px 8px', maxWidth: '100%' };
  return (
    <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" style={{ gap: 12 }}>
      <label style={{ color: COLORS.muted, fontSize: 13, maxWidth: '100%' }}>
        {t('account')}
        <br />
        <select value={data.account || ''} onChange={(e) => choose({ account: e.target.value })} data-testid="ledger-account" style={field}>
          {data.accounts.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label style={{ color: COLORS.muted, fontSize: 13 }}>
        {t('month')}
        <br />
        <Input type="month" value={data.month} onChange={(e) => e.target.value && choose({ month: e.target.value })} data-testid="ledger-month" style={{ width: 170 }} />
      </label>
    </Box>
  );
}

/**
 * The Conciliación page: per Twilio account and month, each day's bill against our legs, the
 * difference explained, and the numbers no workspace claims. The account and month live in the URL
 * (?account=AC…&month=YYYY-MM), so a reload or a shared link shows the same choice.
 */
export default function Reconciliation() {
  const { t, lang } = usePanelI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const q = new URLSearchParams(location.search);
  const params = new URLSearchParams(['account', 'month'].filter((k) => q.get(k)).map((k) => [k, q.get(k)]));
  const { data, error } = usePanelJson(`/admin/api/panel/reconciliation?${params}`);

  const choose = (change) => {
    const next = { account: data.account || '', month: data.month, ...change };
    navigate(`${location.pathname}?${new URLSearchParams(next)}`);
  };

  return (
    <Box p={['lg', 'xxl']} data-testid="reconciliation" style={{ color: TEXT }}>
      <H2 style={{ color: TEXT }}>{t('reconciliationTitle')}</H2>
      <Text color="grey60" mb="lg">
        {t('reconciliationExplain')}
      </Text>
      {error && (
        <Text mb="lg" style={{ color: '#F97316' }} data-testid="reconciliation-error">
          {error}
        </Text>
      )}
      {!data && !error && <Loader />}
      {data && !data.account && <Text data-testid="no-accounts">{t('noAccounts')}</Text>}
      {data && data.account && (
        <Box data-testid="reconciliation-body" data-account={data.account} data-month={data.month}>
          <Pickers data={data} choose={choose} t={t} />
          <TwilioSection report={data.twilio} t={t} lang={lang} />
        </Box>
      )}
      {data && <ElevenlabsSection workspaces={data.elevenlabs} t={t} lang={lang} />}
    </Box>
  );
}
