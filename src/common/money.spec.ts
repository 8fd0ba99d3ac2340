import { decimalString, multiply, roundMoney, sumDecimals } from './money.js';

describe('money helpers', () => {
  it('sums decimal strings exactly', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(Array(1000).fill('0.000001'))).toBe('0.001');
    expect(sumDecimals(['1.5', null, undefined, '-0.25'])).toBe('1.25');
  });

  it('multiplies and rounds half up', () => {
    expect(multiply('1234', '0.00003')).toBe('0.03702');
    expect(roundMoney('0.125')).toBe('0.13');
    expect(roundMoney('2.5', 0)).toBe('3');
  });

  it('the column transformer writes normalised decimals and reads strings untouched', () => {
    expect(decimalString.to('0.10')).toBe('0.1');
    expect(decimalString.to(null)).toBeNull();
    expect(decimalString.from('0.300000')).toBe('0.300000');
  });
});
