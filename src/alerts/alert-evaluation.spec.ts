import { AlertMetric } from '../entities/alert-rule.entity.js';
import { figures } from '../reporting/report-figures.js';
import { runRate } from '../reporting/report-figures.js';
import { crossedTiers, driftPercent, exceedsDrift, isSpike, metricValue } from './alert-evaluation.js';

describe('alert evaluation', () => {
  it('lists the tiers reached, each once, lowest first, the edge included', () => {
    expect(crossedTiers('79.99', '100', [100, 50, 80])).toEqual([50]);
    expect(crossedTiers('80', '100', [50, 80, 100, 80])).toEqual([50, 80]);
    expect(crossedTiers('250', '100', [100])).toEqual([100]);
    expect(crossedTiers('0', '100', [50])).toEqual([]);
    expect(crossedTiers('0.0000001', '0.0000002', [50])).toEqual([50]);
  });

  it('projects the month from the run rate', () => {
    expect(runRate('300', '10', 30).toFixed()).toBe('900');
    expect(runRate('300', '0', 30).toFixed()).toBe('0');
  });

  it('sees a spike above N times the trailing average, never against nothing', () => {
    expect(isSpike('31', '10', '3')).toBe(true);
    expect(isSpike('30', '10', '3')).toBe(false);
    expect(isSpike('5', '0', '3')).toBe(false);
  });

  it('measures unit cost drift both ways', () => {
    expect(driftPercent('0.13', '0.10')!.toFixed(2)).toBe('30.00');
    expect(driftPercent('0.07', '0.10')!.toFixed(2)).toBe('-30.00');
    expect(exceedsDrift(driftPercent('0.07', '0.10'), '25')).toBe(true);
    expect(exceedsDrift(driftPercent('0.11', '0.10'), '25')).toBe(false);
    expect(driftPercent('0.1', null)).toBeNull();
  });

  it('reads every metric from report figures', () => {
    const f = figures({ calls: '3', seconds: '90', twilio_cost: '0.5', elevenlabs_cost: '0.25', elevenlabs_credits: '0', unpriced_calls: '0', estimated_calls: '0' });
    expect(Object.values(AlertMetric).map((m) => metricValue(f, m))).toEqual(['0.75', '0.5', '0.25', '3', '1.5', '0.500000']);
  });
});
