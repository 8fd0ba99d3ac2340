import React from 'react';
import { usePanelI18n } from './ui';

/**
 * The Calls list's Twilio cost. A call whose Twilio leg is still unpriced (the reports' rule, sent as
 * `twilioPricePending`) reads "pendiente", beside any part already priced (a child leg may be); a call
 * with no Twilio leg at all (a web call) stays blank, as before.
 */
export default function TwilioCost({ record, property }) {
  const { t } = usePanelI18n();
  const value = record.params[property.path];
  const amount = value === null || value === undefined ? '' : String(value);
  if (!record.params.twilioPricePending) return amount;
  // Past SYNC_PRICE_PENDING_MAX_HOURS: a warning for people, while the sync keeps asking Twilio.
  const overdue = record.params.twilioPriceOverdue === true || record.params.twilioPriceOverdue === 'true';
  const label = overdue ? t('priceOverdue') : t('pricePending');
  return (
    <span data-testid="twilio-price-pending" data-overdue={overdue} title={t(overdue ? 'priceOverdueHint' : 'pricePendingHint')} style={{ color: overdue ? '#F87171' : '#FBBF24' }}>
      {amount ? `${amount} · ${label}` : label}
    </span>
  );
}
