import type { PropertyOptions } from 'adminjs';
import { Components } from '../admin-components.js';

/**
 * How a list shows a property, in the panel's language: the value components registered in
 * admin-components.ts, with what each needs in `custom`. `phone: true` keeps the column on a phone,
 * where AdminJS shows only a list's title column (see panel-css.ts).
 */
export interface DisplayOptions {
  phone?: boolean;
}

const shown = (component: string, custom: Record<string, unknown>, { phone }: DisplayOptions): PropertyOptions => ({
  components: { list: component, show: component },
  custom: { ...custom, ...(phone ? { phone: true } : {}) },
});

export interface MoneyDisplay extends DisplayOptions {
  /** The amount's currency, when the record does not hold it (currencyPath); US dollars unless given. */
  currency?: string;
  /** A field of the same record holding the currency (a snapshot's, a workspace's). */
  currencyPath?: string;
  digits?: number;
  /** One call's amount: a fraction of a cent keeps four decimals. */
  perCall?: boolean;
  /** Not money when another field says so (an alert rule's budget for a count metric). */
  countWhen?: { path: string; values: string[] };
}

/** What the vendors bill in when a record does not say. */
const VENDOR_CURRENCY = 'USD';

export function money({ currency = VENDOR_CURRENCY, currencyPath, digits, perCall, countWhen, ...options }: MoneyDisplay = {}): PropertyOptions {
  return shown(Components.MoneyValue, { currency, currencyPath, digits, perCall, countWhen }, options);
}

/** A status (or another word-valued enum) translated through locale/values.ts. */
export function status(options: DisplayOptions = {}): PropertyOptions {
  return shown(Components.StatusValue, {}, options);
}

export function number({ digits = 0, percent = false, ...options }: DisplayOptions & { digits?: number; percent?: boolean } = {}): PropertyOptions {
  return shown(Components.NumberValue, { digits, percent }, options);
}

/** A moment, short and in the panel's language (a list's dates would otherwise wrap on a phone). */
export function date(options: DisplayOptions = {}): PropertyOptions {
  return shown(Components.DateValue, {}, options);
}

/** A property keeps its own options and gains the display's (components and custom merged). */
export function withDisplay(own: PropertyOptions, display: PropertyOptions): PropertyOptions {
  return { ...own, ...display, components: { ...own.components, ...display.components }, custom: { ...own.custom, ...display.custom } };
}
