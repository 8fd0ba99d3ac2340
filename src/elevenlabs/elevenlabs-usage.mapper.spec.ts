import { forbiddenReason, toCreditsDays } from './elevenlabs-usage.mapper.js';

const range = { from: '2026-11-01', to: '2026-11-03' };

describe('toCreditsDays', () => {
  it('adds up every product of a UTC day, exactly, and gives days without rows a zero', () => {
    const days = toCreditsDays(
      {
        columns: ['timestamp', 'product_type', 'credits_used'],
        columnTypes: ['DateTime', 'String', 'Float'],
        columnUnits: ['s', undefined, 'credits'],
        rows: [
          ['2026-11-01T00:00:00Z', 'conversational-ai', '0.1'],
          ['2026-11-01T00:00:00Z', 'text-to-speech', '0.2'],
          ['2026-11-03T00:00:00Z', 'conversational-ai', 125.5],
          ['2026-11-04T00:00:00Z', 'conversational-ai', '9'], // outside the range asked
        ],
      },
      range,
    );
    expect(days).toEqual([
      { day: '2026-11-01', credits: '0.3' },
      { day: '2026-11-02', credits: '0' },
      { day: '2026-11-03', credits: '125.5' },
    ]);
  });

  it('finds the columns by type and unit, not position, and reads bare and numeric times as UTC', () => {
    const days = toCreditsDays(
      {
        columns: ['credits_used', 'time'],
        columnTypes: ['Float', 'DateTime'],
        columnUnits: ['credits', undefined],
        rows: [
          ['7', '2026-11-02 00:00:00'],
          [3, Date.UTC(2026, 10, 2)],
          ['1', Date.UTC(2026, 10, 3) / 1000],
        ],
      },
      range,
    );
    expect(days.map((d) => d.credits)).toEqual(['0', '10', '1']);
  });

  it('refuses a table it cannot read rather than guessing', () => {
    const table = { columns: ['timestamp', 'credits_used'], columnTypes: ['DateTime' as const, 'Float' as const], columnUnits: ['s' as const, 'credits' as const] };
    expect(() => toCreditsDays({ ...table, rows: [['soon', '1']] }, range)).toThrow(/bucket time/);
    expect(() => toCreditsDays({ ...table, rows: [['2026-11-01T00:00:00Z', true]] }, range)).toThrow(/credits/);
    expect(() => toCreditsDays({ columns: ['x'], columnTypes: ['String'], columnUnits: [undefined], rows: [] }, range)).toThrow(/credits column/);
  });
});

describe('forbiddenReason', () => {
  it("names a key without the permission by the vendor's message, and leaves every other failure alone", () => {
    const message = 'The API key you used is missing the permission workspace_analytics_full_read to execute this operation.';
    expect(forbiddenReason({ statusCode: 401, body: { detail: { status: 'missing_permissions', message } } })).toBe(message);
    expect(forbiddenReason({ statusCode: 403, body: { detail: 'Forbidden' } })).toMatch(/HTTP 403/);
    expect(forbiddenReason({ statusCode: 401, body: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } } })).toBeNull();
    expect(forbiddenReason({ statusCode: 500, body: {} })).toBeNull();
    expect(forbiddenReason(new Error('socket hang up'))).toBeNull();
  });
});
