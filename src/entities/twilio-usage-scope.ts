/**
 * Which calls a Twilio daily usage figure counts. The Twilio adapter translates these to and from the
 * vendor's usage categories; nothing else knows the category names.
 */
export enum UsageScope {
  /** Every call of the account: what the ledger reconciles against. */
  All = 'all',
  Inbound = 'inbound',
  Outbound = 'outbound',
}

export const USAGE_SCOPES: readonly UsageScope[] = [UsageScope.All, UsageScope.Inbound, UsageScope.Outbound];
