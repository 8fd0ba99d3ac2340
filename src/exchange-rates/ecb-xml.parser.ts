import { XMLParser } from 'fast-xml-parser';
import { isCalendarDate } from '../reporting/periods.js';

/** One published rate: 1 EUR = `eurRate` units of `currency` on `day`. */
export interface EcbRate {
  currency: string;
  day: string;
  eurRate: string;
}

export class EcbFormatError extends Error {
  override readonly name = 'EcbFormatError';
}

const CURRENCY = /^[A-Z]{3}$/;
const RATE = /^\d{1,10}(\.\d{1,8})?$/;

// Numbers stay strings: a rate parsed as a float would lose digits before it reaches numeric columns.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  isArray: (name) => name === 'Cube',
});

/**
 * The rates in an ECB eurofxref file (daily, 90-day or full history): a gesmes envelope holding
 * `<Cube><Cube time='…'><Cube currency='…' rate='…'/>…`. Anything else throws EcbFormatError,
 * never a crash: a proxy's HTML page or a truncated download must not be stored as rates.
 */
export function parseEcbXml(xml: string): EcbRate[] {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (err) {
    throw new EcbFormatError(`ECB rates file is not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const outer = (envelope?.Cube as unknown[] | undefined)?.[0] as Record<string, unknown> | undefined;
  if (!envelope || !outer) throw new EcbFormatError('ECB rates file has no gesmes:Envelope with a Cube of days');
  const rates: EcbRate[] = [];
  for (const dayCube of asList(outer.Cube)) {
    const day = dayCube.time;
    if (typeof day !== 'string' || !isCalendarDate(day)) {
      throw new EcbFormatError(`ECB rates file has a day Cube with time '${String(day)}'`);
    }
    for (const rateCube of asList(dayCube.Cube)) {
      const { currency, rate } = rateCube;
      if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw new EcbFormatError(`ECB rates file has currency '${String(currency)}' on ${day}`);
      if (typeof rate !== 'string' || !RATE.test(rate.trim()) || /^0+(\.0+)?$/.test(rate.trim())) {
        throw new EcbFormatError(`ECB rates file has rate '${String(rate)}' for ${currency} on ${day}`);
      }
      rates.push({ currency, day, eurRate: rate.trim() });
    }
  }
  if (rates.length === 0) throw new EcbFormatError('ECB rates file holds no rates');
  return rates;
}

function asList(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new EcbFormatError('ECB rates file has an unexpected Cube structure');
  return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}
