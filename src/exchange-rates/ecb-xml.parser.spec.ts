import { EcbFormatError, parseEcbXml } from './ecb-xml.parser.js';

const envelope = (cubes: string) => `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>${cubes}</Cube>
</gesmes:Envelope>`;

describe('parseEcbXml', () => {
  it('reads the gesmes envelope with namespaces and single-quoted attributes, keeping rates as exact strings', () => {
    const xml = envelope(`
\t\t<Cube time='2026-11-30'>
\t\t\t<Cube currency='USD' rate='1.0510'/>
\t\t\t<Cube currency='JPY' rate='160.00'/>
\t\t\t<Cube currency='GBP' rate='0.83120'/>
\t\t</Cube>
\t\t<Cube time="2026-11-27"><Cube currency="USD" rate="1.0498"/></Cube>`);
    expect(parseEcbXml(xml)).toEqual([
      { currency: 'USD', day: '2026-11-30', eurRate: '1.0510' },
      { currency: 'JPY', day: '2026-11-30', eurRate: '160.00' },
      { currency: 'GBP', day: '2026-11-30', eurRate: '0.83120' },
      { currency: 'USD', day: '2026-11-27', eurRate: '1.0498' },
    ]);
  });

  it('reads a file of a single day with a single currency (no arrays to lean on)', () => {
    expect(parseEcbXml(envelope(`<Cube time='2026-11-30'><Cube currency='MXN' rate='21.3512'/></Cube>`))).toEqual([{ currency: 'MXN', day: '2026-11-30', eurRate: '21.3512' }]);
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', '<html><body>Service unavailable'],
    ['plain text', 'garbage'],
    ['JSON', '{"rates":{"USD":1.05}}'],
    ['a truncated file', envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1.05'/>`).slice(0, 300)],
    ['another XML document', '<rss><channel/></rss>'],
    ['an envelope without rates', envelope('')],
    ['a bad day', envelope(`<Cube time='2026-13-45'><Cube currency='USD' rate='1.05'/></Cube>`)],
    ['a bad currency', envelope(`<Cube time='2026-11-30'><Cube currency='usd!' rate='1.05'/></Cube>`)],
    ['a rate that is not a decimal', envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='1.05e3'/></Cube>`)],
    ['a zero rate', envelope(`<Cube time='2026-11-30'><Cube currency='USD' rate='0.0000'/></Cube>`)],
    ['a missing rate', envelope(`<Cube time='2026-11-30'><Cube currency='USD'/></Cube>`)],
    ['an entity bomb', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>`],
  ])('refuses %s with an EcbFormatError', (_, xml) => {
    expect(() => parseEcbXml(xml)).toThrow(EcbFormatError);
  });
});
