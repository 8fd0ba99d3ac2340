import React from 'react';
import { formatNumber, formatPercent } from '../../common/money-format';
import { usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * A count, a quantity or a percentage in the panel's language ("12.345,5" or "12,345.5"; "5 %" or
 * "5%"). `custom.percent`: the value is in percent; `custom.digits`: decimals (percent: at most).
 */
export default function NumberValue({ record, property, where }) {
  const { lang } = usePanelI18n();
  const custom = property.custom || {};
  const value = rawValue(record, property);
  const text = value === null ? '' : custom.percent ? formatPercent(value, lang, custom.digits ?? 1) : formatNumber(value, lang, custom.digits ?? 0);
  return (
    <InPlace property={property} where={where}>
      <Nowrap title={value === null ? undefined : String(value)} data-value={value ?? ''}>
        {text}
      </Nowrap>
    </InPlace>
  );
}
