/**
 * Contributor Insights rule bodies against AWS's rule syntax limits (lib/aws-facts.ts), on what
 * the app synthesizes, and the opt-out filters' meaning: a rule counts exactly the zones that take
 * part, whatever the mix of shared log groups and opt-outs.
 */
import { CONTRIBUTOR_INSIGHTS as CI } from '../../lib/aws-facts';
import { ConfigError } from '../../lib/config/errors';
import { parseConfig, readConfigFile } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { TOP_N_VIEWS, topNRuleBody } from '../../lib/signals/contributor-insights';
import { Deployment } from '../support/iam/deployment';
import { deploymentOf } from '../support/iam/app';
import { exampleConfigFiles } from '../support/synth';
import { FLEET } from '../support/fleets';

/** The limits every rule body must respect. */
function violations(body: string): string[] {
  const out: string[] = [];
  const rule = JSON.parse(body);
  if (body.length > CI.maxRuleBodyLength) out.push(`body ${body.length} > ${CI.maxRuleBodyLength}`);
  if (!/^[\x00-\x7F]*$/.test(body)) out.push('body is not ASCII');
  if (rule.Contribution.Keys.length > CI.maxKeys) out.push(`${rule.Contribution.Keys.length} keys`);
  const filters = rule.Contribution.Filters ?? [];
  if (filters.length > CI.maxFilters) out.push(`${filters.length} filters`);
  for (const f of filters) for (const op of ['In', 'NotIn', 'StartsWith']) if (f[op] && f[op].length > CI.maxValuesPerList) out.push(`${op} with ${f[op].length} values`);
  return out;
}

const rulesOf = (d: Deployment) => d.resources('AWS::CloudWatch::InsightRule').map((r) => d.props(r));

/** CI filter semantics: every filter must hold (AND); In / NotIn on the subject key. */
function counted(body: string, subjectIds: readonly string[]): string[] {
  const rule = JSON.parse(body);
  const key = rule.Contribution.Keys[0];
  const subjectFilters = (rule.Contribution.Filters ?? []).filter((f: any) => f.Match === key);
  return subjectIds.filter((id) => subjectFilters.every((f: any) => (f.In ? f.In.includes(id) : true) && (f.NotIn ? !f.NotIn.includes(id) : true)));
}

const zoneId = (i: number) => `Z${String(i).padStart(6, '0')}CIRULES00000`.slice(0, 21);
function sharedFleet(n: number, optOut: (i: number) => boolean, logGroup: (i: number) => string = () => '/dns/shared'): RawConfig {
  return {
    prefix: 'acme',
    hostedZones: Array.from({ length: n }, (_, i) => ({
      zoneId: zoneId(i),
      zoneName: `z${i}.example.com`,
      queryLogging: { logGroupName: logGroup(i) },
      ...(optOut(i) ? { contributorInsights: false } : {}),
    })),
    alerts: { email: ['oncall@example.com'] },
  };
}

describe.each([...exampleConfigFiles().map((f) => [f, readConfigFile(f)] as const), ['stability fleet', FLEET] as const])('Top-N rules of %s', (_n, config) => {
  it('respect the rule syntax limits', () => {
    const rules = rulesOf(deploymentOf(config as RawConfig));
    for (const r of rules) expect({ rule: r.RuleName, problems: violations(r.RuleBody) }).toEqual({ rule: r.RuleName, problems: [] });
    for (const r of rules) expect(r.RuleName.length).toBeLessThanOrEqual(CI.maxRuleNameLength);
  });
});

describe('opt-outs in shared log groups', () => {
  it('24 zones in one log group, 12 opted out: every list within 10 values, and exactly the 12 others counted', () => {
    const cfg = parseConfig(sharedFleet(24, (i) => i % 2 === 1));
    const ids = cfg.hostedZones.map((z) => z.id);
    const taking = cfg.hostedZones.filter((z) => z.contributorInsights).map((z) => z.id);
    for (const view of TOP_N_VIEWS.filter((v) => v.source === 'hostedZone')) {
      const body = topNRuleBody(view, cfg.hostedZones)!;
      expect(violations(body)).toEqual([]);
      expect(counted(body, ids)).toEqual(taking);
    }
  });

  it('zones opted out in log groups of their own need no filter at all', () => {
    const cfg = parseConfig(sharedFleet(30, (i) => i >= 10, (i) => (i < 10 ? '/dns/in' : `/dns/out-${i}`)));
    const body = topNRuleBody(TOP_N_VIEWS[0], cfg.hostedZones)!;
    const rule = JSON.parse(body);
    expect(rule.LogGroupNames).toEqual(['/dns/in']);
    expect(rule.Contribution.Filters.filter((f: any) => f.Match === rule.Contribution.Keys[0])).toEqual([]);
  });

  it('a mix no rule can express is a config error naming the zones and the fix, before anything is built', () => {
    const raw = sharedFleet(80, (i) => i % 2 === 1);
    let err: ConfigError | undefined;
    try {
      parseConfig(raw);
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.issues[0]).toEqual({
      path: 'hostedZones[1].contributorInsights',
      message: expect.stringMatching(/40 zones opt out of Contributor Insights but share log groups with 40 that take part.*at most 30.*log group of their own/),
    });
  });
});
