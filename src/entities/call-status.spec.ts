import { CallStatus, callStatusOfConversation } from './call-status.js';
import { ConversationState } from './conversation-state.js';

describe('callStatusOfConversation', () => {
  it('gives a conversation with no Twilio leg the status of a call', () => {
    expect(Object.values(ConversationState).map(callStatusOfConversation)).toEqual([
      CallStatus.InProgress,
      // Processing: the caller has hung up, the vendor is still at its bookkeeping.
      CallStatus.Completed,
      CallStatus.Completed,
      CallStatus.Failed,
    ]);
  });
});
