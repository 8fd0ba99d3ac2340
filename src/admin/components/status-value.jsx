import React from 'react';
import { useTranslation } from 'adminjs';
import { InPlace, Nowrap, rawValue } from './list-value';

const COLORS = { failed: '#F87171', partial: '#FBBF24', pending: '#FBBF24', running: '#38BDF8', succeeded: '#22C55E', completed: '#22C55E', sent: '#22C55E' };

/**
 * A status (a call's, a sync's, an alert's) in the panel's language, on one line. The words live in
 * locale/values.ts under the resource's `labels.<property>.<value>`, the keys AdminJS's own filter and
 * form selects translate with. Vendor spellings with a hyphen (no-answer) read as ours (no_answer);
 * a value with no words yet shows as it is.
 */
export default function StatusValue({ record, property, where }) {
  const { translateLabel } = useTranslation();
  const value = rawValue(record, property);
  if (value === null)
    return (
      <InPlace property={property} where={where}>
        {''}
      </InPlace>
    );
  const key = String(value).replace(/-/g, '_');
  const text = translateLabel(`${property.path}.${key}`, property.resourceId, { defaultValue: String(value) });
  return (
    <InPlace property={property} where={where}>
      <Nowrap data-testid="status" data-value={value} style={{ whiteSpace: 'nowrap', color: COLORS[key] }}>
        {text}
      </Nowrap>
    </InPlace>
  );
}
