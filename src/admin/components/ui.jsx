// Shared pieces of the panel's custom pages. Bundled by AdminJS (rollup + babel) for the browser;
// React and @adminjs/design-system are provided by AdminJS itself.
import React from 'react';
import { Box, Button, Input, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { DEFAULT_CURRENCY, formatMoney, formatNumber, localeOf } from '../../common/money-format';

/** AdminJS leaves text colour to the page; on the dark theme ours must say it. */
export const TEXT = '#E6E9F0';

export const COLORS = { twilio: '#F22F46', elevenlabs: '#8B5CF6', total: '#38BDF8', grid: '#2E3446', muted: '#9AA3B5' };

const tag = localeOf;

/** A currency Intl can format: an ISO 4217 code as the server sends it; anything else (none, blank) reads as US dollars. */
export function currencyOr(code, fallback = DEFAULT_CURRENCY) {
  return typeof code === 'string' && /^[A-Za-z]{3}$/.test(code.trim()) ? code.trim().toUpperCase() : fallback;
}

/**
 * Money is an exact decimal string from the API; it is rounded only here, for reading (src/common/money-format.ts),
 * in `currency`: the answer's own (a report says which), never assumed.
 */
export function money(value, lang, digits = 2, currency = DEFAULT_CURRENCY) {
  return formatMoney(value, lang, { currency: currencyOr(currency), digits });
}

export function number(value, lang, digits = 0) {
  return formatNumber(value, lang, digits);
}

/** A share of calls (0.0040) as "0,4 %"; one too small to show reads "< 0,1 %", never "0,0 %". */
export function share(value, lang) {
  const percent = (v) => new Intl.NumberFormat(tag(lang), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
  const n = Number(value);
  return n > 0 && n < 0.0005 ? `< ${percent(0.001)}` : percent(n);
}

export function dateTime(value, lang) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(tag(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function Card({ children, ...props }) {
  return (
    <Box bg="container" p="xl" style={{ borderRadius: 12, border: `1px solid ${COLORS.grid}`, color: TEXT }} {...props}>
      {children}
    </Box>
  );
}

/**
 * What the cards' changes are measured against, as the server words it (`comparedWith.words[lang]`,
 * e.g. "frente a 1–2 nov hasta las 04:00"); a page that shows changes provides it once.
 */
export const ComparedWithContext = React.createContext(null);

/** A change vs the previous period: green when it fell, red when it rose (these are costs). */
export function ChangeBadge({ change, inverse = false, t }) {
  const { lang } = usePanelI18n();
  const comparedWith = React.useContext(ComparedWithContext);
  const against = (comparedWith && comparedWith.words && comparedWith.words[lang]) || t('vsPrevious');
  if (!change || change.percent === null)
    return (
      <Text fontSize="sm" color="grey60">
        {t('noPrevious')}
      </Text>
    );
  const pct = Number(change.percent);
  const up = pct > 0;
  const good = inverse ? up : !up;
  const color = pct === 0 ? COLORS.muted : good ? '#22C55E' : '#F97316';
  return (
    <Text fontSize="sm" style={{ color }} data-testid="change">
      {up ? '▲' : pct < 0 ? '▼' : '■'} {new Intl.NumberFormat(tag(lang), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(pct) / 100)}{' '}
      {against}
    </Text>
  );
}

/**
 * Beside a total: the share of its calls still waiting for Twilio's price and the share with an
 * estimated ElevenLabs cost. `provisional` is the server's provisionalShares (a null share: none in
 * that state); `part` keeps a Twilio total to its pending share and an ElevenLabs one to its estimate.
 * Nothing at all for a fully priced total.
 */
export function ProvisionalNote({ provisional, part = 'total', t, lang, ...props }) {
  if (!provisional) return null;
  const notes = [];
  if (part !== 'elevenlabs' && provisional.unpriced !== null) notes.push(t('provisionalUnpriced', { share: share(provisional.unpriced, lang) }));
  if (part !== 'twilio' && provisional.estimated !== null) notes.push(t('provisionalEstimated', { share: share(provisional.estimated, lang) }));
  if (notes.length === 0) return null;
  return (
    <Text fontSize="sm" style={{ color: '#FBBF24' }} title={t('provisionalHint')} data-testid="provisional" {...props}>
      {notes.join(' · ')}
    </Text>
  );
}

export function StatCard({ id, label, value, raw, change, t, inverse, note }) {
  return (
    // Two across on a phone, three on wider screens; a smaller figure on a phone so it is never cut off.
    <Card
      flex={['1 1 40%', '1 1 40%', '1 1 28%']}
      m="sm"
      p={['lg', 'xl']}
      style={{ minWidth: 0, borderRadius: 12, border: `1px solid ${COLORS.grid}`, color: TEXT }}
      data-testid={`stat-${id}`}
      data-value={raw}
    >
      <Text fontSize="sm" color="grey60" style={{ textTransform: 'uppercase', letterSpacing: 1 }}>
        {label}
      </Text>
      <Text fontSize={[17, 20, 24]} fontWeight="bold" my="sm" style={{ color: TEXT, whiteSpace: 'nowrap' }} data-testid={`stat-${id}-text`}>
        {value}
      </Text>
      {note}
      {/* No change given (undefined, not null): a figure that is not compared, such as a margin. */}
      {change !== undefined && <ChangeBadge change={change} inverse={inverse} t={t} />}
    </Card>
  );
}

/**
 * The period the user picked: a button (`{ preset }`, whose days the server works out by its own clock
 * and the report zone, never the browser's) or two dates (`{ from, to, preset: 'custom' }`).
 */
export const DEFAULT_PERIOD = { preset: 'month' };

/** The query that asks the server for a period. */
export function periodParams(period) {
  return period.preset && period.preset !== 'custom' ? { preset: period.preset } : { from: period.from || '', to: period.to || '' };
}

/** `period` as picked, with the days the server answered (`resolved`: { from, to }) once it has; `children` join its row. */
export function PeriodPicker({ period, resolved, onChange, t, children }) {
  const shown = { from: (resolved && resolved.from) || period.from || '', to: (resolved && resolved.to) || period.to || '' };
  // What the user typed since the last pick; until then the inputs show the server's days (which may arrive after a click).
  const [draft, setDraft] = React.useState(null);
  const from = draft ? draft.from : shown.from;
  const to = draft ? draft.to : shown.to;
  const pick = (next) => {
    setDraft(null);
    onChange(next);
  };
  const presets = ['month', 'lastMonth', 'last7', 'last30'];
  return (
    <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" style={{ gap: 8 }} data-testid="period-picker">
      {presets.map((p) => (
        <Button key={p} size="sm" variant={period.preset === p ? 'contained' : 'outlined'} onClick={() => pick({ preset: p })} data-testid={`preset-${p}`}>
          {t(`preset_${p}`)}
        </Button>
      ))}
      <Input type="date" value={from} onChange={(e) => setDraft({ from: e.target.value, to })} data-testid="period-from" style={{ width: 150 }} />
      <Input type="date" value={to} onChange={(e) => setDraft({ from, to: e.target.value })} data-testid="period-to" style={{ width: 150 }} />
      <Button size="sm" onClick={() => pick({ from, to, preset: 'custom' })} data-testid="period-apply">
        {t('apply')}
      </Button>
      {children}
    </Box>
  );
}

/**
 * The currency a page's figures are in: `value` is the one the server answered in (or picked, before
 * it answers), `options` what it offers. Changing it asks the server again; it converts, never this page.
 */
export function CurrencyPicker({ value, options, onChange, t }) {
  const choices = [...new Set([...(options || []), ...(value ? [value] : [])])].sort();
  return (
    <label style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: TEXT, fontSize: 14 }}>
      {t('currency')}
      <select
        value={value || ''}
        onChange={(e) => onChange(e.target.value)}
        data-testid="currency-picker"
        style={{ background: '#1E2230', color: TEXT, border: `1px solid ${COLORS.grid}`, borderRadius: 4, padding: '6px 8px', fontSize: 14 }}
      >
        {!value && <option value="">…</option>}
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A small warning when a figure was converted at a rate the ECB had not published for over a week
 * (the report's `staleRates`): which currency, since when, for which days.
 */
export function StaleRatesNote({ staleRates, t, ...props }) {
  if (!staleRates || staleRates.length === 0) return null;
  const parts = staleRates.map((r) => t('staleRate', { currency: r.currency, publishedOn: r.publishedOn, from: r.from, to: r.to }));
  return (
    <Text fontSize="sm" style={{ color: '#FBBF24' }} title={t('staleRatesHint')} data-testid="stale-rates" {...props}>
      ⚠ {t('staleRates')}: {parts.join(' · ')}
    </Text>
  );
}

/** The Excel download of the reporting module's workbook, for the same period and filters. */
export function exportHref(rootPath, params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  return `${rootPath}/export.xlsx?${q.toString()}`;
}

/** `t(key)` from the panel's messages, and the language the user picked (es or en). */
/** GETs one of the panel's JSON endpoints whenever `url` changes: `{ data, error }` (the server's message on a 4xx). */
export function usePanelJson(url) {
  const [data, setData] = React.useState(null);
  const [error, setError] = React.useState(null);
  React.useEffect(() => {
    fetch(url, { credentials: 'same-origin' })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body.message || `HTTP ${res.status}`);
        setData(body);
        setError(null);
      })
      .catch((e) => setError(e.message));
  }, [url]);
  return { data, error };
}

export function usePanelI18n() {
  const { translateMessage, i18n } = useTranslation();
  return { t: (key, options) => translateMessage(key, undefined, options), lang: (i18n && i18n.language) || 'es' };
}
