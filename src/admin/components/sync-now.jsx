import React from 'react';
import { Box, Button, Text, Loader } from '@adminjs/design-system';
import { useCurrentAdmin } from 'adminjs';
import { usePanelI18n, COLORS } from './ui';

const ROOT = '/admin';

async function json(res) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 409) throw new Error(body.message || `HTTP ${res.status}`);
  return { status: res.status, body };
}

/**
 * Starts a sync (or follows the one already running: the API answers 409 with its id), then polls it
 * until it ends, showing rows stored so far and the outcome per source.
 */
export function SyncNowButton({ onFinished }) {
  const { t } = usePanelI18n();
  const [currentAdmin] = useCurrentAdmin();
  const [run, setRun] = React.useState(null);
  const [error, setError] = React.useState(null);
  const [busy, setBusy] = React.useState(false);
  const canSync = currentAdmin && currentAdmin.role === 'admin';

  const follow = React.useCallback(async (runId) => {
    for (;;) {
      const { body } = await json(await fetch(`${ROOT}/api/panel/sync/${runId}`, { credentials: 'same-origin' }));
      setRun(body);
      if (body.status !== 'running') return body;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, []);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const { body } = await json(await fetch(`${ROOT}/api/panel/sync`, { method: 'POST', credentials: 'same-origin' }));
      const done = await follow(body.runId);
      if (onFinished) onFinished(done);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  const rows = run ? run.sources.reduce((n, s) => n + s.rows, 0) : 0;
  const failed = run ? run.sources.filter((s) => s.status === 'failed') : [];
  return (
    <Box flex flexDirection="row" alignItems="center" style={{ gap: 12 }}>
      <Button variant="contained" onClick={start} disabled={busy || !canSync} data-testid="sync-now" title={canSync ? '' : t('syncAdminsOnly')}>
        {busy ? <Loader width={16} height={16} /> : '⟳'} {t('syncNow')}
      </Button>
      {run && (
        <Text data-testid="sync-status" data-status={run.status} style={{ color: run.status === 'succeeded' ? '#22C55E' : run.status === 'running' ? COLORS.total : '#F97316' }}>
          {t(`sync_${run.status}`)} · {rows} {t('rowsStored')}
          {failed.length > 0 && ` · ${failed.map((s) => `${s.workspace || '—'} ${s.source}: ${s.lastError || 'failed'}`).join('; ')}`}
        </Text>
      )}
      {error && (
        <Text data-testid="sync-error" style={{ color: '#F97316' }}>
          {error}
        </Text>
      )}
    </Box>
  );
}

/** The "Sync now" resource action's page. */
export default function SyncNowAction() {
  const { t } = usePanelI18n();
  return (
    <Box variant="grey" p="xl">
      <Text mb="lg">{t('syncExplain')}</Text>
      <SyncNowButton />
    </Box>
  );
}
