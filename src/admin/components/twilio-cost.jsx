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
  return (
    <span data-testid="twilio-price-pending" title={t('pricePendingHint')} style={{ color: '#FBBF24' }}>
      {amount ? `${amount} · ${t('pricePending')}` : t('pricePending')}
    </span>
  );
}
