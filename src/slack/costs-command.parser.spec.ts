import { parseCostsCommand } from './costs-command.parser.js';

describe('parseCostsCommand', () => {
  it('reads a bare /costs as today and month to date for all workspaces', () => {
    expect(parseCostsCommand('')).toEqual({ kind: 'overview', workspace: null, currency: null, lang: null });
    expect(parseCostsCommand('   ')).toEqual({ kind: 'overview', workspace: null, currency: null, lang: null });
  });

  it.each([
    ['today', { kind: 'today' }, 'en'],
    ['hoy', { kind: 'today' }, 'es'],
    ['yesterday', { kind: 'yesterday' }, 'en'],
    ['ayer', { kind: 'yesterday' }, 'es'],
    ['week', { kind: 'week' }, 'en'],
    ['semana', { kind: 'week' }, 'es'],
    ['month', { kind: 'month' }, 'en'],
    ['mes', { kind: 'month' }, 'es'],
    ['last-month', { kind: 'last-month' }, 'en'],
    ['last month', { kind: 'last-month' }, 'en'],
    ['mes-pasado', { kind: 'last-month' }, 'es'],
    ['Mes Pasado', { kind: 'last-month' }, 'es'],
    ['TODAY', { kind: 'today' }, 'en'],
    ['7d', { kind: 'days', days: 7 }, null],
    ['30d', { kind: 'days', days: 30 }, null],
    ['2026-10', { kind: 'calendar-month', month: '2026-10' }, null],
    ['2026-10-01..2026-10-15', { kind: 'range', from: '2026-10-01', to: '2026-10-15' }, null],
    ['2026-10-03', { kind: 'range', from: '2026-10-03', to: '2026-10-03' }, null],
  ])('reads the period %s', (text, period, lang) => {
    expect(parseCostsCommand(text)).toEqual({ kind: 'report', workspace: null, period, currency: null, lang });
  });

  it('reads a workspace by slug or by a name with spaces, with or without a period', () => {
    expect(parseCostsCommand('acme')).toEqual({ kind: 'overview', workspace: 'acme', currency: null, lang: null });
    expect(parseCostsCommand('acme semana')).toEqual({ kind: 'report', workspace: 'acme', period: { kind: 'week' }, currency: null, lang: 'es' });
    expect(parseCostsCommand('Acme Dental 2026-10')).toEqual({
      kind: 'report',
      workspace: 'Acme Dental',
      period: { kind: 'calendar-month', month: '2026-10' },
      currency: null,
      lang: null,
    });
    expect(parseCostsCommand('acme last month')).toEqual({ kind: 'report', workspace: 'acme', period: { kind: 'last-month' }, currency: null, lang: 'en' });
  });

  it('reads compare with and without a period, in both languages', () => {
    expect(parseCostsCommand('compare')).toEqual({ kind: 'compare', workspace: null, period: { kind: 'month' }, currency: null, lang: 'en' });
    expect(parseCostsCommand('comparar semana')).toEqual({ kind: 'compare', workspace: null, period: { kind: 'week' }, currency: null, lang: 'es' });
    expect(parseCostsCommand('compare 7d')).toEqual({ kind: 'compare', workspace: null, period: { kind: 'days', days: 7 }, currency: null, lang: 'en' });
    expect(parseCostsCommand('comparar acme mes')).toEqual({ kind: 'compare', workspace: 'acme', period: { kind: 'month' }, currency: null, lang: 'es' });
  });

  it.each([
    ['eur', { kind: 'overview', workspace: null, currency: 'EUR', lang: null }],
    ['acme month EUR', { kind: 'report', workspace: 'acme', period: { kind: 'month' }, currency: 'EUR', lang: 'en' }],
    ['acme usd mes', { kind: 'report', workspace: 'acme', period: { kind: 'month' }, currency: 'USD', lang: 'es' }],
    ['Mxn Acme Dental', { kind: 'overview', workspace: 'Acme Dental', currency: 'MXN', lang: null }],
    ['compare mxn', { kind: 'compare', workspace: null, period: { kind: 'month' }, currency: 'MXN', lang: 'en' }],
    ['comparar acme semana gbp', { kind: 'compare', workspace: 'acme', period: { kind: 'week' }, currency: 'GBP', lang: 'es' }],
    ['2026-10 eur', { kind: 'report', workspace: null, period: { kind: 'calendar-month', month: '2026-10' }, currency: 'EUR', lang: null }],
  ])('reads the currency in %s', (text, expected) => {
    expect(parseCostsCommand(text)).toEqual(expected);
  });

  it('reads a three-letter word that is no ISO 4217 code as a workspace', () => {
    expect(parseCostsCommand('abc')).toEqual({ kind: 'overview', workspace: 'abc', currency: null, lang: null });
    expect(parseCostsCommand('acme xyz')).toEqual({ kind: 'overview', workspace: 'acme xyz', currency: null, lang: null });
  });

  it('lets a workspace win a clash with a currency code: its slug, or a name the code completes', () => {
    const names = ['cup', 'casa eur'];
    const isWorkspace = (w: string) => names.includes(w.toLowerCase());
    expect(parseCostsCommand('cup', isWorkspace)).toEqual({ kind: 'overview', workspace: 'cup', currency: null, lang: null });
    expect(parseCostsCommand('cup eur', isWorkspace)).toEqual({ kind: 'overview', workspace: 'cup', currency: 'EUR', lang: null });
    expect(parseCostsCommand('CUP month usd', isWorkspace)).toEqual({ kind: 'report', workspace: 'CUP', period: { kind: 'month' }, currency: 'USD', lang: 'en' });
    expect(parseCostsCommand('Casa EUR semana', isWorkspace)).toEqual({ kind: 'report', workspace: 'Casa EUR', period: { kind: 'week' }, currency: null, lang: 'es' });
    expect(parseCostsCommand('casa eur usd', isWorkspace)).toEqual({ kind: 'overview', workspace: 'casa eur', currency: 'USD', lang: null });
    // Without the workspace list, a code in capitals is the currency.
    expect(parseCostsCommand('CUP')).toEqual({ kind: 'overview', workspace: null, currency: 'CUP', lang: null });
  });

  it('reads everyday words that are codes of currencies without ECB rates as words, unless written in capitals', () => {
    expect(parseCostsCommand('all')).toEqual({ kind: 'overview', workspace: 'all', currency: null, lang: null });
    expect(parseCostsCommand('top month')).toEqual({ kind: 'report', workspace: 'top', period: { kind: 'month' }, currency: null, lang: 'en' });
    expect(parseCostsCommand('acme ALL')).toEqual({ kind: 'overview', workspace: 'acme', currency: 'ALL', lang: null });
  });

  it('reads help and ayuda', () => {
    expect(parseCostsCommand('help')).toEqual({ kind: 'help', lang: 'en' });
    expect(parseCostsCommand('Ayuda')).toEqual({ kind: 'help', lang: 'es' });
  });

  it.each(['2026-13', '2026-02-30', '2026-10-15..2026-10-01', '2026-10-01..', '0d', '99999d', '12', 'acme 2026-1'])(
    'answers %s with the usage line, naming the bad period',
    (text) => {
      const parsed = parseCostsCommand(text);
      expect(parsed.kind).toBe('usage');
      expect(parsed.kind === 'usage' && parsed.problem).toContain(text.split(' ').pop());
    },
  );
});
