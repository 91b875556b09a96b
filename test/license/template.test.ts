/* eslint-disable @typescript-eslint/no-explicit-any */
import { Template, Match } from 'aws-cdk-lib/assertions';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { licenseStack, SUBJECTS } from './support/stack';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string };

function roleStatements(t: Template, roleLogicalIdPrefix: string): Statement[] {
  const policies = t.findResources('AWS::IAM::Policy');
  const out: Statement[] = [];
  for (const p of Object.values(policies)) {
    const roles = JSON.stringify(p.Properties.Roles);
    if (roles.includes(roleLogicalIdPrefix)) out.push(...p.Properties.PolicyDocument.Statement);
  }
  const roles = t.findResources('AWS::IAM::Role');
  for (const [id, r] of Object.entries(roles)) {
    if (!id.startsWith(roleLogicalIdPrefix)) continue;
    expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    for (const ip of r.Properties.Policies ?? []) out.push(...ip.PolicyDocument.Statement);
  }
  return out;
}

const actions = (ss: Statement[]) => ss.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

describe('LicenseReporter template', () => {
  const { stack } = licenseStack({ licenseId: 'lic_test_0001' });
  const t = Template.fromStack(stack);

  it('state table: on-demand, point-in-time recovery, KMS-encrypted, retained', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    });
  });

  it('reporter role: own table items, own secret, namespaced PutMetricData, own logs — nothing else', () => {
    const ss = roleStatements(t, 'LicenseReporterRole');
    expect(actions(ss)).toEqual(
      ['cloudwatch:PutMetricData', 'dynamodb:GetItem', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'].sort(),
    );
    for (const s of ss) expect(s.Effect).toBe('Allow');
    const put = ss.find((s) => s.Action === 'cloudwatch:PutMetricData')!;
    expect(put.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Codreum/License' } });
    const ddb = ss.find((s) => JSON.stringify(s.Action).includes('dynamodb'))!;
    expect(ddb.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LicenseState/), 'Arn'] });
    const sec = ss.find((s) => s.Action === 'secretsmanager:GetSecretValue')!;
    expect(sec.Resource).toEqual({ Ref: expect.stringMatching(/^LicenseKeySecret/) });
    const logs = ss.find((s) => JSON.stringify(s.Action).includes('logs:'))!;
    expect(JSON.stringify(logs.Resource)).toMatch(/LicenseReporterLogs/);
    // No permission to read logs or metric data, query-logging configs, DNS records, alarms, rules.
    const all = JSON.stringify(ss);
    for (const forbidden of ['logs:Get', 'logs:Filter', 'logs:StartQuery', 'cloudwatch:Get', 'cloudwatch:List', 'cloudwatch:PutMetricAlarm', 'cloudwatch:Delete', 'cloudwatch:Disable', 'route53', 'events:', 'scheduler:', 'kms:', '"*"']) {
      expect(all).not.toContain(forbidden === '"*"' ? '"Action":"*"' : forbidden);
    }
  });

  it('deploy-check role: own table items, own secret, own logs only', () => {
    const ss = roleStatements(t, 'LicenseDeployCheckRole');
    expect(actions(ss)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'].sort());
  });

  it('functions use their own roles; both run on arm64 node24', () => {
    const fns = t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('DNS Monitor') } });
    expect(Object.keys(fns)).toHaveLength(2);
    for (const f of Object.values(fns)) {
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(JSON.stringify(f.Properties.Role)).toMatch(/License(Reporter|DeployCheck)Role/);
    }
  });

  it('hourly schedule invokes the reporter with the run configuration', () => {
    const schedules = t.findResources('AWS::Scheduler::Schedule');
    expect(Object.keys(schedules)).toHaveLength(1);
    const s = Object.values(schedules)[0].Properties;
    expect(s.ScheduleExpression).toBe('rate(1 hour)');
    expect(s.FlexibleTimeWindow).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 });
    expect(JSON.stringify(s.Target.Arn)).toMatch(/LicenseReporter/);
    const input = JSON.stringify(s.Target.Input);
    for (const id of SUBJECTS) expect(input).toContain(id);
    expect(input).toContain('https://license.codreum.com/v1/check');
    expect(input).toContain('\\"scheduleHours\\":6');
    expect(input).toContain('\\"graceHours\\":72');
  });

  it('creates the key secret with a generated placeholder (no key in the template), retained', () => {
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'acme-prod/license',
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'placeholder' }),
      }),
    });
    const secret = Object.values(t.findResources('AWS::SecretsManager::Secret'))[0];
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('four alarms named <prefix>-license-<signal>, with context line and the right topics', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.Namespace !== 'AWS/SQS');
    const byName: Record<string, any> = Object.fromEntries(alarms.map((a) => [a.Properties.AlarmName, a.Properties]));
    expect(Object.keys(byName).sort()).toEqual(
      ['acme-prod-license-checks-failing', 'acme-prod-license-expiring', 'acme-prod-license-invalid', 'acme-prod-license-subjects-not-covered'],
    );
    const inv = byName['acme-prod-license-invalid'];
    expect(inv).toMatchObject({ Namespace: 'Codreum/License', MetricName: 'LicenseValid', Threshold: 1, ComparisonOperator: 'LessThanThreshold', Period: 3600 });
    expect(JSON.stringify(inv.AlarmActions)).toMatch(/Critical/);
    expect(byName['acme-prod-license-expiring']).toMatchObject({ MetricName: 'DaysToExpiry', Threshold: 14 });
    expect(byName['acme-prod-license-checks-failing']).toMatchObject({
      MetricName: 'HoursSinceLastSuccess', Threshold: 72, TreatMissingData: 'breaching', EvaluationPeriods: 3,
    });
    expect(JSON.stringify(byName['acme-prod-license-checks-failing'].AlarmActions)).toMatch(/Warning/);
    expect(byName['acme-prod-license-subjects-not-covered']).toMatchObject({ MetricName: 'SubjectsNotCovered', Threshold: 0 });
    for (const a of Object.values(byName) as any[]) {
      expect(a.Dimensions).toEqual([{ Name: 'LicenseId', Value: 'lic_test_0001' }]);
      const desc = JSON.stringify(a.AlarmDescription);
      const text = typeof a.AlarmDescription === 'string' ? a.AlarmDescription : (a.AlarmDescription['Fn::Join'][1] as unknown[]).map((x) => (typeof x === 'string' ? x : 'us-east-1')).join('');
      const ctx = parseAlarmContext(text);
      expect(ctx).toMatchObject({ subject: 'license', subjectId: 'lic_test_0001', kind: 'license' });
      expect(a.AlarmName).toBe(`acme-prod-license-${ctx!.signal}`);
      expect(desc).toContain('[dns-monitor]');
    }
  });

  it('deploy check custom resource carries the subjects and reports its outcome as an output', () => {
    t.hasResourceProperties('Custom::CodreumLicenseCheck', {
      licenseId: 'lic_test_0001',
      productVersion: '1.2.3',
      subjects: SUBJECTS,
      endpoint: 'https://license.codreum.com/v1/check',
    });
    const outputs = t.findOutputs('*');
    expect(JSON.stringify(outputs)).toMatch(/LicenseCheckResult/);
    expect(JSON.stringify(outputs)).toMatch(/LicenseKeySecret/);
  });
});

describe('LicenseReporter template variants', () => {
  it('existing secret: no secret created; the role reads exactly that ARN', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:codreum/license-AbCdEf';
    const t = Template.fromStack(licenseStack({ licenseId: 'lic_test_0001', keySecretArn: arn }).stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const ss = roleStatements(t, 'LicenseReporterRole');
    expect(ss.find((s) => s.Action === 'secretsmanager:GetSecretValue')!.Resource).toBe(arn);
  });

  it('offline token: no secret, no secret permission, token in the schedule input; deployCheck false removes the check', () => {
    const t = Template.fromStack(licenseStack({ licenseId: 'lic_test_0001', offlineToken: 'aaaa.bbbb.cccc', deployCheck: false }).stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    t.resourceCountIs('Custom::CodreumLicenseCheck', 0);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    expect(JSON.stringify(roleStatements(t, 'LicenseReporterRole'))).not.toContain('secretsmanager');
    const s = Object.values(t.findResources('AWS::Scheduler::Schedule'))[0].Properties;
    expect(JSON.stringify(s.Target.Input)).toContain('aaaa.bbbb.cccc');
    expect(JSON.stringify(s.Target.Input)).not.toContain('endpoint');
  });

  it('custom schedule/grace/expiry settings flow into the schedule input and alarm thresholds', () => {
    const t = Template.fromStack(
      licenseStack({ licenseId: 'lic_test_0001', scheduleHours: 12, graceHours: 24, expiryWarningDays: 30 }).stack,
    );
    const s = Object.values(t.findResources('AWS::Scheduler::Schedule'))[0].Properties;
    expect(JSON.stringify(s.Target.Input)).toContain('\\"scheduleHours\\":12');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-license-checks-failing', Threshold: 24 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-license-expiring', Threshold: 30 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-license-expiring', AlarmDescription: Match.stringLikeRegexp('^The DNS Monitor license ends within 30 days\\. ') });
  });

  it('a one-day warning reads "within 1 day"', () => {
    const t = Template.fromStack(licenseStack({ licenseId: 'lic_test_0001', expiryWarningDays: 1 }).stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-license-expiring', Threshold: 1, AlarmDescription: Match.stringLikeRegexp('^The DNS Monitor license ends within 1 day\\. ') });
  });
});
