/**
 * Where an ElevenLabs conversation stands. `Processing`: the call is over and the vendor is still
 * working out its analysis and charges, so the detail can still change.
 */
export enum ConversationState {
  InProgress = 'in_progress',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
}

/** States after which a conversation's detail (duration, charges) no longer changes. */
export const FINAL_CONVERSATION_STATES: readonly ConversationState[] = [ConversationState.Completed, ConversationState.Failed];
