import React from 'react';
import { formatCallMoney } from '../../common/money-format';
import { currencyOr, usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * A call's total cost, in the currency both vendors billed it in (`totalCurrency`, sent by the calls
 * resource). A call that Twilio and ElevenLabs billed in two currencies has no total (the server sends
 * none): adding dollars to euros would read as one amount and be neither. It shows its two parts, each
 * in its own currency, as a finance reader reconciles them against each vendor's invoice; the reports
 * convert both at the ECB rate of the call's day.
 */
export default function CallTotal({ record, property, where }) {
  const { t, lang } = usePanelI18n();
  const params = record.params;
  const amount = rawValue(record, property);
  const currency = params.totalCurrency ? currencyOr(params.totalCurrency) : null;
  if (currency || (params.twilioCost == null && params.elevenlabsCost == null)) {
    return (
      <InPlace property={property} where={where}>
        <Nowrap title={amount === null ? undefined : `${amount} ${currency}`} data-testid="money" data-value={amount ?? ''} data-currency={currency ?? ''}>
          {amount === null ? '' : formatCallMoney(amount, lang, currency || undefined)}
        </Nowrap>
      </InPlace>
    );
  }
  const parts = [
    [params.twilioCost, params.twilioPriceUnit],
    [params.elevenlabsCost, params.elevenlabsCurrency],
  ].filter(([value]) => value !== null && value !== undefined && value !== '');
  return (
    <InPlace property={property} where={where}>
      <span title={t('mixedCurrenciesHint')} data-testid="money" data-value="" data-mixed="true" aria-label={t('mixedCurrencies')}>
        {parts.map(([value, code], i) => (
          <React.Fragment key={i}>
            {i > 0 && ' + '}
            <Nowrap data-testid="money-part" data-value={value} data-currency={currencyOr(code)}>
              {formatCallMoney(value, lang, currencyOr(code))}
            </Nowrap>
          </React.Fragment>
        ))}
      </span>
    </InPlace>
  );
}
