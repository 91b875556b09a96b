/**
 * Region placement (everything for health checks, zone metrics and the change audit in us-east-1,
 * with us-east-1 topics, while the rest of the app is in eu-west-1) and policy checks: cdk-nag,
 * cfn-guard and cfn-lint stay clean with the real AlertTopics.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AlertTopics, alertTopicArn } from '../../lib/constructs/alert-topics';
import type { AlarmActions } from '../../lib/alarms/alarm-factory';
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';
import { HealthCheckMonitoring } from '../../lib/health/health-checks';
import { DnssecAlarms, ZoneQueryVolumeAlarms } from '../../lib/health/zone-alarms';
import { ResolverEndpointAlarms } from '../../lib/health/resolver-endpoint-alarms';
import { DnsChangeAudit } from '../../lib/audit/change-audit';
import type { ResolvedRoute } from '../../lib/config/alert-routes';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { resolvedEndpoints, resolvedHealthChecks, resolvedZones } from './support';

const ACCOUNT = '111122223333';
const ROUTE: ResolvedRoute = {
  name: 'default',
  severities: { critical: { email: ['ops@example.com'] }, warning: { email: ['ops@example.com'] } },
  paths: { critical: 'alerts', warning: 'alerts' },
};

function buildApp(outdir: string) {
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const core = (region: string) => {
    const s = new Stack(app, `acme-core-${region}`, { env: { account: ACCOUNT, region } });
    const topics = new AlertTopics(s, 'Alerts', { prefix: 'acme', routes: [ROUTE] });
    return { s, topics };
  };
  const us = core('us-east-1');
  const eu = core('eu-west-1');
  const actionsFor = (stack: Stack): AlarmActions => ({
    topicArns: Object.fromEntries(SEVERITIES.map((sev) => [sev, [alertTopicArn(stack, 'acme', sev, ROUTE)]])) as Record<Severity, string[]>,
  });
  const health = new HealthCheckMonitoring(us.s, 'HealthChecks', {
    prefix: 'acme',
    healthChecks: resolvedHealthChecks([
      { name: 'api', url: 'https://api.example.com/health', measureLatency: true, latency: { timeToFirstByteMs: 800 } },
      { name: 'db', url: 'tcp://db.example.com:5432' },
      { name: 'both', children: ['api', 'db'], healthyThreshold: 1 },
    ]),
    actions: actionsFor(us.s),
  });
  const zones = resolvedZones([{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', dnssec: true, queryVolume: { anomaly: 'drop' as const } }]);
  new ZoneQueryVolumeAlarms(us.s, 'QueryVolume', { prefix: 'acme', namespace: 'Codreum/DNS', zones, actions: actionsFor(us.s) });
  new DnssecAlarms(us.s, 'Dnssec', { prefix: 'acme', namespace: 'Codreum/DNS', zones, actions: actionsFor(us.s) });
  new DnsChangeAudit(us.s, 'ChangeAudit', {
    prefix: 'acme',
    zoneIds: zones.map((z) => z.id),
    protectedRecords: [{ zoneId: 'Z0123456789ABCDEFGHIJ', name: 'www.example.com.', type: 'A' }],
    healthCheckIds: health.healthCheckIds,
    topicArns: { critical: [us.topics.topics.critical.topicArn], warning: [us.topics.topics.warning.topicArn] },
    topicKeyArn: us.topics.key.keyArn,
    alarmActions: actionsFor(us.s),
  });
  new ResolverEndpointAlarms(eu.s, 'ResolverEndpoints', {
    prefix: 'acme',
    endpoints: resolvedEndpoints([{ endpointId: 'rslvr-in-0123456789abcdef0', region: 'eu-west-1', direction: 'inbound', name: 'onprem-in' }]),
    actions: actionsFor(eu.s),
  });
  return { app, us: us.s, eu: eu.s };
}

describe('placement and policy checks', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-quality-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const built = buildApp(outdir);

  it('puts every health-check, zone and audit resource in us-east-1 with us-east-1 topics', () => {
    type Tpl = { Resources: Record<string, { Type: string; Properties: { MetricName?: string; Namespace?: string; AlarmActions: unknown[] } }> };
    const us = Template.fromStack(built.us).toJSON() as Tpl;
    const eu = Template.fromStack(built.eu).toJSON() as Tpl;
    const typesIn = (t: Tpl) => new Set(Object.values(t.Resources).map((r) => r.Type));
    expect([...typesIn(us)]).toEqual(expect.arrayContaining(['AWS::Route53::HealthCheck', 'AWS::CloudWatch::Alarm', 'AWS::Events::Rule']));
    expect([...typesIn(eu)]).not.toContain('AWS::Route53::HealthCheck');
    expect([...typesIn(eu)]).not.toContain('AWS::Events::Rule');
    const alarms = (t: Tpl) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    for (const a of alarms(us)) {
      expect(JSON.stringify(a.Properties.AlarmActions)).toContain(':sns:us-east-1:');
      expect(JSON.stringify(a.Properties.AlarmActions)).not.toContain('eu-west-1');
    }
    const euAlarms = alarms(eu);
    expect(euAlarms.length).toBe(3); // unhealthy interfaces, query volume, capacity
    for (const a of euAlarms) {
      expect(a.Properties.Namespace).toBe('AWS/Route53Resolver');
      expect(JSON.stringify(a.Properties.AlarmActions)).toContain(':sns:eu-west-1:');
    }
    // Health-check metrics are only in us-east-1: no AWS/Route53 alarm anywhere else.
    expect(euAlarms.some((a) => a.Properties.Namespace === 'AWS/Route53')).toBe(false);
  });

  it('is clean under cdk-nag, cfn-guard and cfn-lint', () => {
    const { assembly, violations } = synthWithPolicyChecks(built.app);
    expect(formatViolations(violations)).toBe('');
    expect(assembly).toBeDefined();
    const lint = cfnLintAssembly(outdir);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  }, 180_000);
});
