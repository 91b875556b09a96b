import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildModel } from '../../lib/model';
import { DnsDashboards, DnsDashboardStacks } from '../../lib/dashboards/dns-dashboards';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { fleet } from './fixtures';

function healthCheckStack(app: App) {
  const stack = new Stack(app, 'acme-health', { env: { region: 'us-east-1' } });
  const hc = new CfnHealthCheck(stack, 'Api', { healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: 'api.example.com', port: 443, resourcePath: '/health' } });
  return { stack, id: hc.attrHealthCheckId };
}

describe('DnsDashboards in a stack', () => {
  it('creates the region dashboards with deterministic names and Fn::Sub bodies (account, partition, health-check token)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const cfg = fleet({ zones: 2, vpcs: 2 });
    const hc = healthCheckStack(app);
    const stack = new Stack(app, 'acme-core-us-east-1', { env: { region: 'us-east-1' } });
    const d = new DnsDashboards(stack, 'Dashboards', {
      model: buildModel(cfg),
      region: 'us-east-1',
      hostedZones: cfg.hostedZones,
      vpcs: cfg.resolverVpcs.filter((v) => v.region === 'us-east-1'),
      healthChecks: [{ name: 'api', id: hc.id, latency: true }],
    });
    expect(Object.keys(d.dashboards).sort()).toEqual([
      'acme-dns-health-checks-s1',
      'acme-dns-landing',
      'acme-dns-vpc-vpc1',
      'acme-dns-zone-zone0-example-com',
      'acme-dns-zone-zone1-example-com',
    ]);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 5);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'acme-dns-landing',
      DashboardBody: { 'Fn::Sub': Match.stringLikeRegexp('arn:\\$\\{AWS::Partition\\}:cloudwatch:us-east-1:\\$\\{AWS::AccountId\\}:alarm:acme-zone0.example.com-servfail-rate') },
    });
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'acme-dns-health-checks-s1',
      DashboardBody: { 'Fn::Sub': [Match.stringLikeRegexp('"HealthCheckId","\\$\\{HealthCheckId0\\}"'), { HealthCheckId0: { 'Fn::ImportValue': Match.anyValue() } }] },
    });
    // The body is valid JSON once the Fn::Sub variables are filled in.
    const body = Object.values(t.findResources('AWS::CloudWatch::Dashboard')).map((r) => r.Properties.DashboardBody['Fn::Sub']);
    expect(body.length).toBe(5);
    for (const b of body) {
      const text = (Array.isArray(b) ? b[0] : b) as string;
      expect(() => JSON.parse(text.replace(/\$\{!/g, '${').replace(/\$\{[A-Za-z0-9:]+\}/g, 'X'))).not.toThrow();
    }
  });

  it('DnsDashboardStacks spreads a 1000-zone fleet over stacks that stay under the template size limit', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-stacks-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const d = new DnsDashboardStacks(app, 'Dashboards', { model: buildModel(fleet({ zones: 1000, vpcs: 2 })), maxBodyBytesPerStack: 700_000 });
    const asm = app.synth();
    expect(d.stacks.map((s) => s.stackName)).toEqual(expect.arrayContaining(['acme-dashboards-eu-west-1', 'acme-dashboards-us-east-1', 'acme-dashboards-us-east-1-2']));
    for (const s of asm.stacks) expect(fs.statSync(s.templateFullPath).size).toBeLessThan(800_000);
    expect(Object.keys(d.dashboards)).toContain('acme-dns-zones-50');
  });

  it('is clean under cdk-nag, cfn-guard and cfn-lint', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-quality-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    new DnsDashboardStacks(app, 'Dashboards', {
      model: buildModel(fleet({ zones: 3, vpcs: 2 })),
      healthChecks: [{ name: 'api', id: 'abcdef01-2345-6789-abcd-ef0123456789', latency: true }],
      license: { licenseId: 'lic_test_0001', region: 'us-east-1', alarmPrefix: 'acme' },
    });
    const { violations } = synthWithPolicyChecks(app);
    expect(formatViolations(violations)).toBe('');
    const lint = cfnLintAssembly(outdir);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});
