/**
 * The made-up customers of the demo: who they are, their numbers and agents, and when their phones
 * ring. Numbers come from ranges kept for fiction (US 555-01xx, UK Ofcom drama ranges) or look local.
 */
export interface DemoWorkspace {
  name: string;
  slug: string;
  twilioPhoneNumbers: string[];
  elevenlabsAgentIds: string[];
  /** The client's currency (ISO 4217) and what it pays per minute in it: its page shows its margin in it. */
  currency: string;
  clientPricePerMinute: string;
  /** IANA zone the business hours below are read in. */
  timeZone: string;
  /** Parent calls over the whole window (child legs come on top). */
  calls: number;
  /** Share of calls the business places itself (reminders, lead call-backs). */
  outboundShare: number;
  /** Share of calls the agent hands to a human (a Twilio child leg). */
  transferShare: number;
  /** Web-widget conversations, as a share of the phone conversations. */
  widgetShare: number;
  /** Relative call volume per local weekday, Sunday first. */
  weekdays: readonly number[];
  /** Relative call volume per local hour, 0 to 23. */
  hours: readonly number[];
}

const OFFICE_HOURS = [0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.08, 0.3, 0.75, 1, 1, 0.95, 0.8, 0.7, 0.85, 0.9, 0.85, 0.7, 0.45, 0.3, 0.2, 0.12, 0.06, 0.03];
/** Dispatch desks start early; pet owners call after work. */
const EARLY_HOURS = [0.05, 0.03, 0.03, 0.04, 0.1, 0.35, 0.8, 1, 1, 0.95, 0.9, 0.85, 0.75, 0.8, 0.85, 0.8, 0.7, 0.5, 0.3, 0.2, 0.15, 0.1, 0.08, 0.06];
const EVENING_HOURS = [0.03, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.25, 0.7, 0.9, 0.9, 0.85, 0.75, 0.7, 0.8, 0.85, 0.9, 1, 0.95, 0.8, 0.55, 0.3, 0.12, 0.05];

export const DEMO_WORKSPACES: readonly DemoWorkspace[] = [
  {
    name: 'Sonrisa Dental Clinics',
    slug: 'sonrisa-dental',
    currency: 'EUR',
    clientPricePerMinute: '0.32',
    twilioPhoneNumbers: ['+34910123456', '+34932456789', '+34961234567'],
    elevenlabsAgentIds: ['agent_sonrisa_reception', 'agent_sonrisa_recalls'],
    timeZone: 'Europe/Madrid',
    calls: 4200,
    outboundShare: 0.25,
    transferShare: 0.08,
    widgetShare: 0.2,
    weekdays: [0.05, 1, 1, 1, 1, 0.9, 0.3],
    hours: OFFICE_HOURS,
  },
  {
    name: 'Harbor & Pine Realty',
    slug: 'harbor-pine-realty',
    currency: 'USD',
    clientPricePerMinute: '0.30',
    twilioPhoneNumbers: ['+16175550142', '+16175550187'],
    elevenlabsAgentIds: ['agent_harbor_leads'],
    timeZone: 'America/New_York',
    calls: 2600,
    outboundShare: 0.4,
    transferShare: 0.15,
    widgetShare: 0.35,
    weekdays: [0.5, 1, 0.9, 0.9, 0.95, 1, 0.85],
    hours: OFFICE_HOURS,
  },
  {
    name: 'Northwind Freight',
    slug: 'northwind-freight',
    currency: 'GBP',
    clientPricePerMinute: '0.24',
    twilioPhoneNumbers: ['+442079460123', '+441614960456', '+441134960789'],
    elevenlabsAgentIds: ['agent_northwind_dispatch', 'agent_northwind_tracking', 'agent_northwind_claims'],
    timeZone: 'Europe/London',
    calls: 5800,
    outboundShare: 0.2,
    transferShare: 0.12,
    widgetShare: 0.1,
    weekdays: [0.15, 1, 1, 1, 1, 1, 0.4],
    hours: EARLY_HOURS,
  },
  {
    name: 'Paws & Claws Veterinary',
    slug: 'paws-claws-vet',
    currency: 'USD',
    clientPricePerMinute: '0.28',
    twilioPhoneNumbers: ['+13125550163'],
    elevenlabsAgentIds: ['agent_paws_frontdesk'],
    timeZone: 'America/Chicago',
    calls: 1500,
    outboundShare: 0.15,
    transferShare: 0.1,
    widgetShare: 0.3,
    weekdays: [0.35, 1, 1, 1, 1, 1, 0.7],
    hours: EVENING_HOURS,
  },
];
