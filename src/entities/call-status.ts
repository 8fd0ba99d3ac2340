import { ConversationState } from './conversation-state.js';

/**
 * Where a call stands, in our words. Twilio's call statuses (and, for a conversation with no Twilio
 * leg, ElevenLabs' conversation state) are mapped to these at the adapters; the API, the filters and
 * the panel only ever see these values.
 */
export enum CallStatus {
  Queued = 'queued',
  Ringing = 'ringing',
  InProgress = 'in_progress',
  Completed = 'completed',
  Busy = 'busy',
  NoAnswer = 'no_answer',
  Failed = 'failed',
  Canceled = 'canceled',
  /** A status the vendor added after this code was written: shown as such rather than guessed. */
  Unknown = 'unknown',
}

/** The call status of a conversation that no Twilio leg describes (a web-widget or SIP conversation). */
export function callStatusOfConversation(state: ConversationState): CallStatus {
  switch (state) {
    case ConversationState.InProgress:
      return CallStatus.InProgress;
    // The caller has hung up; only the vendor's bookkeeping is still running.
    case ConversationState.Processing:
    case ConversationState.Completed:
      return CallStatus.Completed;
    case ConversationState.Failed:
      return CallStatus.Failed;
  }
}
