import { reconciliationMessages } from './reconciliation.js';
import { valueLabels } from './values.js';

/** Spanish texts of the panel (the default language). */
export const es = {
  labels: {
    workspaces: 'Espacios de trabajo', calls: 'Llamadas', sync_runs: 'Sincronizaciones', sync_run_sources: 'Fuentes sincronizadas',
    snapshots: 'Instantáneas', alert_rules: 'Reglas de alerta', alert_events: 'Alertas enviadas', admin_users: 'Usuarios del panel',
    clients: 'Clientes', activity: 'Actividad', alerts: 'Alertas', access: 'Acceso',
  },
  actions: { show: 'Detalle', syncNow: 'Sincronizar ahora', exportExcel: 'Exportar a Excel' },
  components: { Login: { welcomeHeader: 'Simbiosia Backoffice', welcomeMessage: 'Llamadas, minutos y lo que cobraron Twilio y ElevenLabs, por espacio y por día.' } },
  pages: { reconciliation: 'Conciliación' },
  messages: {
    ...reconciliationMessages.es,
    filter_workspace: 'Espacio (id o identificador)', filter_agent: 'Agente', filter_direction: 'Dirección (inbound, outbound, web)', filter_status: 'Estado',
    edit: 'Editar',
    dashboardTitle: 'Resumen de costes', calls: 'Llamadas', callsLower: 'llamadas', minutes: 'Minutos', totalCost: 'Coste total',
    costPerMinute: 'Coste por minuto', vsPrevious: 'vs periodo anterior', noPrevious: 'sin datos previos',
    dailyCost: 'Coste diario por plataforma', costByWorkspace: 'Coste por espacio', workspaces: 'Espacios de trabajo',
    byPlatform: 'Por plataforma', latestCalls: 'Últimas llamadas', snapshotHistory: 'Historial de instantáneas', takenAt: 'Tomada',
    start: 'Inicio', direction: 'Dirección', status: 'Estado', duration: 'Duración',
    lastSync: 'Última sincronización', neverSynced: 'Nunca sincronizado', inactive: 'inactivo', forecast: 'Previsión a fin de mes',
    syncNow: 'Sincronizar ahora', syncAdminsOnly: 'Solo los administradores pueden sincronizar', rowsStored: 'filas guardadas',
    syncExplain: 'Trae de Twilio y ElevenLabs las llamadas nuevas o cambiadas de cada espacio activo.',
    sync_running: 'Sincronizando…', sync_succeeded: 'Sincronización terminada', sync_partial: 'Sincronización con errores', sync_failed: 'Sincronización fallida',
    exportExcel: 'Exportar a Excel', apply: 'Aplicar',
    exportExplain: 'Descarga el informe como libro de Excel: resumen, por espacio, por día y cada llamada del periodo.',
    preset_month: 'Este mes', preset_lastMonth: 'Mes pasado', preset_last7: 'Últimos 7 días', preset_last30: 'Últimos 30 días',
    provisionalUnpriced: '{{share}} de llamadas pendiente de precio de Twilio', provisionalEstimated: '{{share}} de llamadas con coste de ElevenLabs estimado',
    provisionalHint: 'Cifra provisional: cambiará cuando Twilio ponga precio a esas llamadas y ElevenLabs confirme su coste.',
    pricePending: 'pendiente', pricePendingHint: 'Twilio todavía no ha puesto precio a esta llamada',
    priceOverdue: 'pendiente (con retraso)', priceOverdueHint: 'Twilio tarda más de lo habitual en poner precio a esta llamada; cada sincronización le vuelve a preguntar',
    invalidCredentials: 'Correo o contraseña incorrectos',
    tooManyRequests: 'Demasiados intentos: espera unos segundos y vuelve a intentarlo',
  },
  properties: {
    name: 'Nombre', slug: 'Identificador', twilioPhoneNumbers: 'Números de Twilio', elevenlabsAgentIds: 'Agentes de ElevenLabs',
    elevenlabsApiKey: 'Clave API de ElevenLabs', twilioAccountSid: 'SID de cuenta Twilio', twilioAuthToken: 'Token de Twilio',
    clientPricePerMinute: 'Precio al cliente por minuto', currency: 'Moneda', active: 'Activo',
    startedAt: 'Inicio', workspaceId: 'Espacio', direction: 'Dirección', status: 'Estado', durationSeconds: 'Duración (s)',
    twilioCost: 'Coste Twilio', elevenlabsCost: 'Coste ElevenLabs', totalCost: 'Coste total', agentId: 'Agente',
  },
  resources: valueLabels.es,
};
