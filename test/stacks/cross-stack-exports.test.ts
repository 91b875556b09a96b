/**
 * Update paths checked against CloudFormation's rule for cross-stack references (Fn::ImportValue,
 * test/support/cross-stack.ts): a deployed stack's import pins the producer's export, which can
 * then be neither removed nor changed, and `cdk deploy` updates the producer first. Each path below
 * either leaves every imported export as it was (it deploys) or is refused at synthesis with its
 * rollout (docs/rollout.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../../lib/config/errors';
import type { RawConfig } from '../../lib/config/schema';
import { exportBreaks } from '../support/cross-stack';
import { Deployment } from '../support/iam/deployment';
import { stacksOf } from '../support/iam/app';
import { buildApp, REPO } from '../support/synth';

const EVERYTHING = parse(fs.readFileSync(path.join(REPO, 'examples', 'everything-on.yaml'), 'utf8')) as any;

function deployed(config: RawConfig, assignments?: ReturnType<typeof buildApp>['monitoring']['assignments']) {
  const { monitoring } = buildApp(config, assignments ? { assignments } : {});
  return { deployment: new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks])), assignments: monitoring.assignments };
}

/** What deploying `after` over `before` does to imported exports: the breaks, or the refusal. */
function update(before: RawConfig, after: RawConfig): { breaks: string[] } | { refused: string } {
  const base = deployed(before);
  try {
    const next = deployed(after, base.assignments);
    return { breaks: exportBreaks(base.deployment, next.deployment).map((b) => `${b.change} ${b.producer} ${b.value} (imported by ${b.importers.join(', ')})`) };
  } catch (e) {
    if (e instanceof ConfigError) return { refused: e.issues.map((i) => `${i.path}: ${i.message}`).join('\n') };
    throw e;
  }
}

const withoutCheck = (c: any, name: string) => ({ ...c, healthChecks: c.healthChecks.filter((h: any) => h.name !== name).map((h: any) => (h.children ? { ...h, children: h.children.filter((n: string) => n !== name) } : h)) });
const withCheck = (c: any, name: string, over: object) => ({ ...c, healthChecks: c.healthChecks.map((h: any) => (h.name === name ? { ...h, ...over } : h)) });

describe('cross-stack references: no update removes or changes an export a deployed stack imports', () => {
  it('the checker finds exports a deployed stack imports that an update removes, changes, or whose resource it replaces', () => {
    const stack = (stackName: string, template: object) => ({ stackName, region: 'us-east-1', account: '111122223333', template });
    const topic = (name: string) => ({ Type: 'AWS::SNS::Topic', Properties: { TopicName: name } });
    const check = (interval: number) => ({ Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: 'api.example.org', RequestInterval: interval } } });
    const out = (name: string, value: object) => ({ [name]: { Value: value, Export: { Name: `p:${name}` } } });
    const producer = (resources: object, outputs: object) => stack('p', { Resources: resources, Outputs: outputs });
    const consumer = (names: string[]) => stack('c', { Resources: { Q: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'q', DisplayName: { 'Fn::Join': ['', names.map((n) => ({ 'Fn::ImportValue': `p:${n}` }))] } } } } });
    const before = new Deployment([
      producer({ T: topic('t'), U: topic('u'), H: check(30), K: topic('k') }, { ...out('T', { Ref: 'T' }), ...out('U', { Ref: 'U' }), ...out('H', { 'Fn::GetAtt': ['H', 'HealthCheckId'] }), ...out('K', { Ref: 'K' }) }),
      consumer(['T', 'U', 'H', 'K']),
    ]);
    const after = new Deployment([
      producer({ U: topic('u'), U2: topic('u2'), H: check(10), K: topic('k') }, { ...out('U', { Ref: 'U2' }), ...out('H', { 'Fn::GetAtt': ['H', 'HealthCheckId'] }), ...out('K', { Ref: 'K' }) }),
      consumer([]),
    ]);
    expect(exportBreaks(before, after).map((b) => `${b.change} ${b.exportName} (${b.importers.join(', ')})`)).toEqual(['removed p:T (c)', 'changed p:U (c)', 'replaced p:H (c)']);
  });

  it.each<[string, RawConfig]>([
    ['the Chatbot channel removed (step 1 of moving it to another workspace)', { ...EVERYTHING, alerts: { ...EVERYTHING.alerts, slack: { webhook: {} } } }],
    ['the change audit turned off', { ...EVERYTHING, changeAudit: { enabled: false } }],
    // One per region with warning alarms: eu-west-1 holds a DNS prober (its errors and dead letters).
    ['the warning severity sent to an existing topic', { ...EVERYTHING, alerts: { ...EVERYTHING.alerts, warning: { topicArns: ['us-east-1', 'us-west-2', 'ap-southeast-2', 'eu-west-1'].map((r) => `arn:aws:sns:${r}:111122223333:ops-warning`) } } }],
    ['the SMS numbers removed', { ...EVERYTHING, alerts: { ...EVERYTHING.alerts, sms: undefined } }],
    ['a zone no longer logged by the app (queryLogging.create: false)', { ...EVERYTHING, hostedZones: EVERYTHING.hostedZones.map((z: any) => ({ ...z, queryLogging: { ...z.queryLogging, create: false, logGroupName: z.queryLogging.logGroupName ?? `/aws/route53/${z.zoneName}` } })) }],
    ['a health check removed', withoutCheck(EVERYTHING, 'db')],
    ["a health check's interval changed (Route 53 replaces it)", withCheck(EVERYTHING, 'api', { requestInterval: 30 })],
    ["a health check's protocol changed (Route 53 replaces it)", withCheck(EVERYTHING, 'db', { url: 'https://db.example.org/health' })],
  ])('%s', (_name, after) => {
    const result = update(EVERYTHING, after);
    if ('refused' in result) expect(result.refused).toMatch(/docs\/rollout\.md/);
    else expect(result.breaks).toEqual([]);
  });

  // A deployment of the version before: its change audit imported the core stack's topics, key and
  // the health-check ids, and its dashboards the ids (fixture: every export of everything-on.yaml
  // then, with the stacks that imported it). The first deploy of this version stops those imports;
  // the producers, updated first, must keep each export as it was.
  it('upgrading a deployment of the previous version keeps every export its stacks imported', () => {
    const before = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'exports-before-references-by-name.json'), 'utf8'))['everything-on.yaml'] as Record<string, { stack: string; value: unknown; importers: string[] }>;
    expect(Object.values(before).filter((e) => e.importers.length > 0).length).toBeGreaterThan(5);
    const now = new Map<string, { stack: string; value: unknown }>();
    for (const s of deployed(EVERYTHING).deployment.stacks) for (const o of Object.values<any>(s.template.Outputs ?? {})) if (o.Export) now.set(o.Export.Name, { stack: s.stackName, value: o.Value });
    const lost = Object.entries(before)
      .filter(([name, e]) => e.importers.length > 0 && JSON.stringify(now.get(name)) !== JSON.stringify({ stack: e.stack, value: e.value }))
      .map(([name, e]) => `${name} (imported by ${e.importers.join(', ')})`);
    expect(lost).toEqual([]);
  });

  // That version's placement file does not say that the ids are read in their own stacks: a health
  // check removed in the upgrade's own change would lose its export while the deployed dashboards
  // and change audit still import it. Refused, with the order that works.
  it('removing a health check in the same change as that upgrade is refused with the two steps', () => {
    const withWww = { ...EVERYTHING, healthChecks: [...EVERYTHING.healthChecks, { name: 'www', url: 'https://www.example.org/' }] };
    const now = deployed(withWww).assignments;
    const { healthCheckIdsLocal: _local, ...previousVersion } = now as typeof now & { healthCheckIdsLocal?: boolean };
    expect(_local).toBe(true);
    let message = '';
    try {
      buildApp(EVERYTHING, { assignments: previousVersion });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      message = e.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    }
    expect(message).toMatch(/^healthChecks: www is removed in the same change as the upgrade .*deploy the upgrade first .*then remove it .*docs\/rollout\.md/);
    // The same change with a file this version wrote deploys (the test above), and so does the upgrade alone.
    expect(() => buildApp(withWww, { assignments: previousVersion })).not.toThrow();
    expect(() => buildApp(EVERYTHING, { assignments: now })).not.toThrow();
  });
});
