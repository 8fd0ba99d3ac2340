import React from 'react';
import { localeOf } from '../../common/money-format';
import { usePanelI18n } from './ui';
import { InPlace, Nowrap, rawValue } from './list-value';

/**
 * A moment in the panel's language, short enough for a phone's list ("1/12/26, 16:02" or
 * "12/1/26, 4:02 PM"), in the browser's time as AdminJS shows dates; the full instant on hover.
 */
export default function DateValue({ record, property, where }) {
  const { lang } = usePanelI18n();
  const value = rawValue(record, property);
  const date = value === null ? null : new Date(value);
  const text = date === null || Number.isNaN(date.getTime()) ? (value ?? '') : new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeStyle: 'short' }).format(date);
  return (
    <InPlace property={property} where={where}>
      <Nowrap title={value ?? undefined} data-testid="date" data-value={value ?? ''}>
        {text}
      </Nowrap>
    </InPlace>
  );
}
