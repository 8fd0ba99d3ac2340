import { csvText } from './csv-cell.js';

describe('csvText', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['=1,2', `"'=1,2"`],
    ['+34911234567', `"'+34911234567"`],
  ])('neutralises %j as quoted text that starts with a quote mark', (value, cell) => {
    expect(csvText(value)).toBe(cell);
  });

  it.each([
    ['completed', 'completed'],
    ['agent_a', 'agent_a'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['no-answer, "busy"', '"no-answer, ""busy"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('leaves %j as RFC 4180 text', (value, cell) => {
    expect(csvText(value)).toBe(cell);
  });

  it('writes nothing for a missing value', () => {
    expect(csvText(null)).toBe('');
  });
});
