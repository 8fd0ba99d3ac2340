import React from 'react';
import { Box } from '@adminjs/design-system';
import { TEXT } from './ui';

// Shared by the Conciliación page and its ElevenLabs section (here, not in reconciliation.jsx, so the
// two files do not import each other: rollup warned of the cycle on every build).

/** A status is said in words too; the colour only repeats it (reconciled, pending, drift). */
export const LEDGER_COLORS = { reconciled: '#22C55E', pending: '#F59E0B', drift: '#EF4444' };

/** Wide tables scroll inside their card on a phone instead of pushing the page sideways. */
export function Scroll({ children }) {
  return (
    <Box style={{ overflowX: 'auto', maxWidth: '100%' }} data-testid="ledger-scroll">
      {children}
    </Box>
  );
}

export const cell = { whiteSpace: 'nowrap', color: TEXT, padding: '10px 12px' };
export const amount = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
