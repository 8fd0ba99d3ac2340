import { distance, matchWorkspace } from './workspace-match.js';

const ws = [
  { id: '1', slug: 'acme', name: 'Acme Dental' },
  { id: '2', slug: 'globex', name: 'Globex Realty' },
  { id: '3', slug: 'initech', name: 'Initech Freight' },
  { id: '4', slug: 'vetcare', name: 'VetCare Clinics' },
];

describe('matchWorkspace', () => {
  it('finds a workspace by slug or name, case-insensitive', () => {
    expect(matchWorkspace('ACME', ws)).toEqual({ match: ws[0] });
    expect(matchWorkspace('globex realty', ws)).toEqual({ match: ws[1] });
  });

  it('suggests the closest ones otherwise, names containing the words first', () => {
    expect(matchWorkspace('acm', ws)).toEqual({ closest: [ws[0]] });
    expect(matchWorkspace('globx', ws)).toEqual({ closest: [ws[1]] });
    expect(matchWorkspace('freight', ws)).toEqual({ closest: [ws[2]] });
    expect(matchWorkspace('vetcar clinic', ws)).toEqual({ closest: [ws[3]] });
  });

  it('offers the first few names when nothing is close', () => {
    expect(matchWorkspace('zzzzzzzzzz', ws)).toEqual({ closest: [ws[0], ws[1], ws[2]] });
  });

  it('measures edit distance', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('', 'abc')).toBe(3);
  });
});
