/** plan warns before the change audit's rules reach EventBridge's rules-per-bus quota (lib/aws-facts.ts). */
import { EVENTBRIDGE } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { planConfig } from '../../lib/plan';
import { generatedZones } from '../support/synth';

// Only the zones matter for the audit rules: no dashboards, no Top-N, one signal per zone keep it fast.
const quiet = { noerror: { enabled: false }, nxdomain: { enabled: false }, servfail: { enabled: false }, refused: { enabled: false }, errors: { enabled: false }, 'other-errors': { enabled: false }, tcp: { enabled: false } };
const fleet = (n: number, allChanges = true) =>
  parseConfig(generatedZones(n, { dashboards: { enabled: false }, contributorInsights: { enabled: false }, signals: quiet, changeAudit: { allChanges } }));

describe('EventBridge rules per bus', () => {
  it('a 5,000-zone audit nears the quota: plan warns with what to do; without record-change rules it does not', () => {
    const plan = planConfig(fleet(5000));
    expect(plan.resourceTypes['AWS::Events::Rule']).toBeGreaterThanOrEqual(EVENTBRIDGE.rulesPerEventBus * 0.8);
    const warning = plan.warnings.find((w) => w.limit === 'EventBridge rules');
    expect(warning).toMatchObject({ scope: 'us-east-1 default event bus', max: EVENTBRIDGE.rulesPerEventBus, level: 'warning' });
    expect(warning!.value).toBeGreaterThanOrEqual(EVENTBRIDGE.rulesPerEventBus * 0.8);
    expect(warning!.message).toMatch(/request an increase .*changeAudit\.allChanges: false/);
    const fewer = planConfig(fleet(5000, false));
    expect(fewer.warnings.find((w) => w.limit === 'EventBridge rules')).toBeUndefined();
  }, 300_000);
});
