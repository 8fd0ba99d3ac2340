// What the value components of the resource lists share: how a value sits in a list cell or on a
// record page. Bundled by AdminJS for the browser, like every file here.
import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** One line, never wrapped mid-word on a narrow screen; `title` shows the exact value on hover. */
export function Nowrap({ children, title, ...props }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }} title={title} {...props}>
      {children}
    </span>
  );
}

/** In a list the bare value; on a record page under its translated label, as AdminJS's own values. */
export function InPlace({ property, where, children }) {
  const { translateProperty } = useTranslation();
  if (where !== 'show') return children;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{children}</ValueGroup>;
}

/** The raw value of the property on the record; undefined and '' are both "nothing". */
export function rawValue(record, property) {
  const value = record.params[property.path];
  return value === undefined || value === '' ? null : value;
}
