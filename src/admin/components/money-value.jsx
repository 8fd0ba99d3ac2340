import React from 'react';
import { formatCallMoney, formatMoney, formatNumber } from '../../common/money-format';
import { currencyOr, usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * An amount in a list or on a record page, in the panel's language and the amount's currency: the
 * property's `custom.currency`, or the record's own field named by `custom.currencyPath` (a
 * snapshot's currency). `custom.perCall` keeps a call's fraction of a cent readable; `custom.digits`
 * sets the decimals otherwise; `custom.countWhen` names another field whose values make it a count.
 * No amount stays blank.
 */
export default function MoneyValue({ record, property, where }) {
  const { lang } = usePanelI18n();
  const custom = property.custom || {};
  const amount = rawValue(record, property);
  // The record's own currency where it says one; else the property's; else US dollars (a null price unit, say).
  const currency = currencyOr(custom.currencyPath && record.params[custom.currencyPath], currencyOr(custom.currency));
  // An alert rule's budget is a count when its metric is (calls, minutes): then it reads as a number.
  const count = custom.countWhen && custom.countWhen.values.includes(record.params[custom.countWhen.path]);
  const text =
    amount === null
      ? ''
      : count
        ? formatNumber(amount, lang, 0)
        : custom.perCall
          ? formatCallMoney(amount, lang, currency)
          : formatMoney(amount, lang, { currency, digits: custom.digits });
  return (
    <InPlace property={property} where={where}>
      <Nowrap title={amount === null ? undefined : `${amount} ${currency}`} data-testid="money" data-value={amount ?? ''} data-currency={currency}>
        {text}
      </Nowrap>
    </InPlace>
  );
}
