import { moneyFormats } from './sheet-table.js';

describe('moneyFormats', () => {
  it('shows each currency by its unambiguous symbol, as quoted literal text before the digits', () => {
    expect(moneyFormats('USD')).toEqual({ money: '"$"#,##0.00', callMoney: '"$"#,##0.0000', rate: '"$"#,##0.000000' });
    expect(moneyFormats('EUR').money).toBe('"€"#,##0.00');
    expect(moneyFormats('MXN').money).toBe('"MX$"#,##0.00');
    expect(moneyFormats('GBP').callMoney).toBe('"£"#,##0.0000');
    expect(moneyFormats('CAD').rate).toBe('"CA$"#,##0.000000');
  });

  it('puts a space after a symbol made of letters, and shows a code Intl does not know as itself', () => {
    expect(moneyFormats('CHF').money).toBe('"CHF "#,##0.00');
    expect(moneyFormats('XYZ').money).toBe('"XYZ "#,##0.00');
  });
});
