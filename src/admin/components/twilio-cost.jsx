import React from 'react';
import { formatCallMoney } from '../../common/money-format';
import { currencyOr, usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * The Calls list's Twilio cost, as money in the panel's language and the currency Twilio billed it in. A call whose Twilio leg is still
 * unpriced (the reports' rule, sent as `twilioPricePending`) reads "pendiente", beside any part
 * already priced (a child leg may be); a call with no Twilio leg at all (a web call) stays blank.
 */
export default function TwilioCost({ record, property, where }) {
  const { t, lang } = usePanelI18n();
  const value = rawValue(record, property);
  // In the currency Twilio billed it in (`custom.currencyPath`, the call's price unit); US dollars when the call does not say.
  const custom = property.custom || {};
  const currency = currencyOr(custom.currencyPath && record.params[custom.currencyPath], currencyOr(custom.currency));
  const amount = value === null ? '' : formatCallMoney(value, lang, currency);
  const pending = record.params.twilioPricePending === true || record.params.twilioPricePending === 'true';
  if (!pending) {
    return (
      <InPlace property={property} where={where}>
        <Nowrap title={value === null ? undefined : `${value} ${currency}`} data-testid="money" data-value={value ?? ''} data-currency={currency}>
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
