import { reconciliationMessages } from './reconciliation.js';
import { valueLabels } from './values.js';

/** English texts of the panel: our pages' messages and the resources' names and fields. */
export const en = {
  labels: {
    workspaces: 'Workspaces', calls: 'Calls', sync_runs: 'Sync runs', sync_run_sources: 'Sync sources',
    snapshots: 'Snapshots', alert_rules: 'Alert rules', alert_events: 'Alert events', admin_users: 'Admin users',
    clients: 'Clients', activity: 'Activity', alerts: 'Alerts', access: 'Access',
  },
  actions: { show: 'Details', syncNow: 'Sync now', exportExcel: 'Export to Excel' },
  components: { Login: { welcomeHeader: 'Simbiosia Backoffice', welcomeMessage: 'Calls, minutes and what Twilio and ElevenLabs charged, per workspace and per day.' } },
  pages: { reconciliation: 'Reconciliation' },
  messages: {
    ...reconciliationMessages.en,
    filter_workspace: 'Workspace (id or slug)', filter_agent: 'Agent', filter_direction: 'Direction (inbound, outbound, web)', filter_status: 'Status',
    edit: 'Edit',
    dashboardTitle: 'Costs overview', calls: 'Calls', callsLower: 'calls', minutes: 'Minutes', totalCost: 'Total cost',
    costPerMinute: 'Cost per minute', vsPrevious: 'vs previous period', noPrevious: 'no previous data',
    dailyCost: 'Daily cost by platform', costByWorkspace: 'Cost by workspace', workspaces: 'Workspaces',
    byPlatform: 'By platform', latestCalls: 'Latest calls', snapshotHistory: 'Snapshot history', takenAt: 'Taken at',
    start: 'Start', direction: 'Direction', status: 'Status', duration: 'Duration',
    lastSync: 'Last sync', neverSynced: 'Never synced', inactive: 'inactive', forecast: 'Month-end forecast',
    syncNow: 'Sync now', syncAdminsOnly: 'Only admins can start a sync', rowsStored: 'rows stored',
    syncExplain: 'Fetches new and changed calls from Twilio and ElevenLabs for every active workspace.',
    sync_running: 'Syncing…', sync_succeeded: 'Sync finished', sync_partial: 'Sync finished with errors', sync_failed: 'Sync failed',
    exportExcel: 'Export to Excel', apply: 'Apply',
    exportExplain: 'Downloads the report as an Excel workbook: summary, by workspace, by day and every call of the period.',
    preset_month: 'This month', preset_lastMonth: 'Last month', preset_last7: 'Last 7 days', preset_last30: 'Last 30 days',
    provisionalUnpriced: "{{share}} of calls awaiting Twilio's price", provisionalEstimated: '{{share}} of calls at an estimated ElevenLabs cost',
    provisionalHint: 'Provisional figure: it changes when Twilio prices those calls and ElevenLabs confirms its cost.',
    pricePending: 'pending', pricePendingHint: 'Twilio has not priced this call yet',
    priceOverdue: 'pending (late)', priceOverdueHint: 'Twilio is taking longer than usual to price this call; every sync asks again',
    invalidCredentials: 'Wrong e-mail or password',
    tooManyRequests: 'Too many attempts: wait a few seconds and try again',
  },
  properties: {
    name: 'Name', slug: 'Slug', twilioPhoneNumbers: 'Twilio numbers', elevenlabsAgentIds: 'ElevenLabs agents',
    elevenlabsApiKey: 'ElevenLabs API key', twilioAccountSid: 'Twilio account SID', twilioAuthToken: 'Twilio auth token',
    clientPricePerMinute: 'Client price per minute', currency: 'Currency', active: 'Active',
    startedAt: 'Started', workspaceId: 'Workspace', direction: 'Direction', status: 'Status', durationSeconds: 'Duration (s)',
    twilioCost: 'Twilio cost', elevenlabsCost: 'ElevenLabs cost', totalCost: 'Total cost', agentId: 'Agent',
  },
  resources: valueLabels.en,
};
