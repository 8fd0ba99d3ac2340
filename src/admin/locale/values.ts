/**
 * The words for the values the lists show (statuses, directions, triggers), per resource, where
 * AdminJS looks them up: `resources.<resource>.labels.<property>.<value>`. Our StatusValue component
 * and AdminJS's own filter and form selects read the same keys. Values are ours (snake_case); a vendor
 * spelling with a hyphen (Twilio's no-answer) is read as its snake_case twin.
 */
const call = {
  es: {
    queued: 'en cola',
    ringing: 'sonando',
    in_progress: 'en curso',
    completed: 'completada',
    busy: 'comunicando',
    no_answer: 'sin respuesta',
    failed: 'fallida',
    canceled: 'cancelada',
    unknown: 'desconocido',
    // A conversation's own states, shown while a call has no Twilio leg (until the vendor words stop at the adapters).
    done: 'terminada',
    processing: 'procesando',
  },
  en: {
    queued: 'queued',
    ringing: 'ringing',
    in_progress: 'in progress',
    completed: 'completed',
    busy: 'busy',
    no_answer: 'no answer',
    failed: 'failed',
    canceled: 'canceled',
    unknown: 'unknown',
    done: 'done',
    processing: 'processing',
  },
};
const direction = {
  es: { inbound: 'entrante', outbound: 'saliente', web: 'web', unknown: 'desconocida' },
  en: { inbound: 'inbound', outbound: 'outbound', web: 'web', unknown: 'unknown' },
};
const sync = {
  es: { running: 'en curso', succeeded: 'correcta', partial: 'con errores', failed: 'fallida' },
  en: { running: 'running', succeeded: 'succeeded', partial: 'with errors', failed: 'failed' },
};
const trigger = {
  es: { schedule: 'programada', api: 'API', cli: 'línea de órdenes', admin: 'panel' },
  en: { schedule: 'schedule', api: 'API', cli: 'command line', admin: 'panel' },
};
const source = {
  es: { twilio: 'Twilio', elevenlabs: 'ElevenLabs', twilio_usage: 'uso de Twilio' },
  en: { twilio: 'Twilio', elevenlabs: 'ElevenLabs', twilio_usage: 'Twilio usage' },
};
const alert = {
  es: { pending: 'pendiente', sent: 'enviada' },
  en: { pending: 'pending', sent: 'sent' },
};

function forLanguage(lang: 'es' | 'en') {
  return {
    calls: { labels: { status: call[lang], direction: direction[lang] } },
    sync_runs: { labels: { status: sync[lang], trigger: trigger[lang] } },
    sync_run_sources: { labels: { status: sync[lang], source: source[lang] } },
    alert_events: { labels: { status: alert[lang] } },
  };
}

export const valueLabels = { es: forLanguage('es'), en: forLanguage('en') };
