import React from 'react';
import { formatCallMoney } from '../../common/money-format';
import { usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * The Calls list's Twilio cost, as money in the panel's language. A call whose Twilio leg is still
 * unpriced (the reports' rule, sent as `twilioPricePending`) reads "pendiente", beside any part
 * already priced (a child leg may be); a call with no Twilio leg at all (a web call) stays blank.
 */
export default function TwilioCost({ record, property, where }) {
  const { t, lang } = usePanelI18n();
  const value = rawValue(record, property);
  const amount = value === null ? '' : formatCallMoney(value, lang, property.custom?.currency);
  const pending = record.params.twilioPricePending === true || record.params.twilioPricePending === 'true';
  if (!pending) {
    return (
      <InPlace property={property} where={where}>
        <Nowrap title={value ?? undefined} data-testid="money" data-value={value ?? ''}>
          {amount}
        </Nowrap>
      </InPlace>
    );
  }
  // Past SYNC_PRICE_PENDING_MAX_HOURS: a warning for people, while the sync keeps asking Twilio.
  const overdue = record.params.twilioPriceOverdue === true || record.params.twilioPriceOverdue === 'true';
  const label = overdue ? t('priceOverdue') : t('pricePending');
  return (
    <InPlace property={property} where={where}>
      <Nowrap
        data-testid="twilio-price-pending"
        data-overdue={overdue}
        title={t(overdue ? 'priceOverdueHint' : 'pricePendingHint')}
        style={{ whiteSpace: 'nowrap', color: overdue ? '#F87171' : '#FBBF24' }}
      >
        {amount ? `${amount} · ${label}` : label}
      </Nowrap>
    </InPlace>
  );
}
