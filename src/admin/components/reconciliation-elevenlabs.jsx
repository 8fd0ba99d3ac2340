import React from 'react';
import { H5, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { amount, cell, LEDGER_COLORS, Scroll } from './reconciliation-table';
import { Card, COLORS, TEXT, number } from './ui';

const credits = (value, lang) => (value === null || value === undefined ? '—' : number(value, lang, 2));
const signed = (value, lang) => (value === null || value === undefined ? '—' : `${Number(value) > 0 ? '+' : ''}${credits(value, lang)}`);

/** Why a workspace has no vendor figure: a key without the permission is said so, in words. */
function Access({ w, t }) {
  if (w.access === 'ok') return null;
  const color = w.access === 'forbidden' || w.access === 'failed' ? LEDGER_COLORS.pending : COLORS.muted;
  return (
    <Text data-testid="elevenlabs-access" data-access={w.access} style={{ color, whiteSpace: 'normal' }}>
      {t(`elevenlabsAccess_${w.access}`)}
      {w.reason ? ` (${w.reason})` : ''}
    </Text>
  );
}

/** Days whose figures differ, newest first: where to look, without a month of zeros. */
function Differences({ w, t, lang }) {
  const days = w.days.filter((d) => d.difference !== null && Number(d.difference) !== 0).reverse();
  if (w.access !== 'ok') return null;
  if (!days.length)
    return (
      <Text color="grey60" data-testid="elevenlabs-no-difference">
        {t('elevenlabsNoDifference')}
      </Text>
    );
  return (
    <Text data-testid="elevenlabs-difference-days" style={{ color: LEDGER_COLORS.drift, whiteSpace: 'normal' }}>
      {t('elevenlabsDifferenceDays')}: {days.map((d) => `${d.day} (${signed(d.difference, lang)})`).join(', ')}
    </Text>
  );
}

/**
 * ElevenLabs' side, as far as its API allows: per workspace, the credits its workspace usage
 * analytics reports for the month against the credits of our conversations.
 */
export function ElevenlabsSection({ workspaces, t, lang }) {
  if (!workspaces) return null;
  return (
    <Card mt="xl" p={['lg', 'xl']} data-testid="ledger-elevenlabs">
      <H5 style={{ color: TEXT }}>ElevenLabs</H5>
      <Text color="grey60" mb="default">
        {t('elevenlabsExplain')}
      </Text>
      {!workspaces.length && <Text color="grey60">{t('elevenlabsNone')}</Text>}
      {workspaces.length > 0 && (
        <Scroll>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell style={cell}>{t('workspace')}</TableCell>
                <TableCell style={amount}>{t('elevenlabsVendor')}</TableCell>
                <TableCell style={amount}>{t('elevenlabsOurs')}</TableCell>
                <TableCell style={amount}>{t('elevenlabsDifference')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {workspaces.map((w) => (
                <TableRow key={w.id} data-testid={`elevenlabs-row-${w.slug}`}>
                  <TableCell style={{ ...cell, whiteSpace: 'normal', minWidth: 200 }}>
                    <Text style={{ color: TEXT, fontWeight: 600 }}>{w.name}</Text>
                    <Access w={w} t={t} />
                    <Differences w={w} t={t} lang={lang} />
                  </TableCell>
                  <TableCell style={amount}>{credits(w.totals.vendorCredits, lang)}</TableCell>
                  <TableCell style={amount}>{credits(w.totals.ourCredits, lang)}</TableCell>
                  <TableCell style={amount} data-testid="elevenlabs-total-difference">
                    {signed(w.totals.difference, lang)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scroll>
      )}
    </Card>
  );
}
