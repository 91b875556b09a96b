/**
 * The change-audit rules' patterns against recorded-shape Route 53 CloudTrail events (EventBridge
 * matching semantics), the rules in the template, and the alert message the input transformer makes.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { EVENTBRIDGE, LAMBDA } from '../../lib/aws-facts';
import { Deployment } from '../support/iam/deployment';
import { stacksOf } from '../support/iam/app';
import { AUDIT_ALLOWED_PATHS, auditInputPaths, AUDIT_MESSAGE_TYPE, renderAuditMessage } from '../../lib/audit/audit-message';
import { DnsChangeAudit, type AuditRule } from '../../lib/audit/change-audit';
import { MAX_PATTERN_LENGTH, patternLength, protectedRecordPatterns, recordChangePatterns } from '../../lib/audit/change-patterns';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { resolveChangeAudit } from '../../lib/config/change-audit';
import { stackIn } from '../health/support';
import * as f from './fixtures';
import { resourceSchema } from '../support/resource-schemas';

const topicArns = {
  critical: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
  warning: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-warning'],
};
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function build(extra: Partial<ConstructorParameters<typeof DnsChangeAudit>[2]> = {}) {
  const stack = stackIn('us-east-1');
  const audit = new DnsChangeAudit(stack, 'Audit', { prefix: 'acme', zoneIds: [f.ZONE], topicArns, topicKeyArn: KEY, ...extra });
  return { stack, audit, t: Template.fromStack(stack) };
}

/** The product message a rule's publisher target gets for `e` (what EventBridge's input transformer makes). */
const transformerOf = (r: { rule: CfnRule }) => (r.rule.targets as CfnRule.TargetProperty[])[0].inputTransformer as CfnRule.InputTransformerProperty;
const render = (r: { rule: CfnRule }, e: unknown) => {
  const tr = transformerOf(r);
  return renderAuditMessage(tr.inputTemplate, tr.inputPathsMap as Record<string, string>, e);
};

/** Which rules (category/severity) an event would trigger. */
function triggered(rules: readonly AuditRule[], event: unknown): string[] {
  return rules.filter((r) => matchesEventPattern(r.pattern, event)).map((r) => `${r.category}:${r.severity}`);
}

describe('change-audit patterns against Route 53 CloudTrail events', () => {
  const { audit } = build({
    protectedRecords: resolveChangeAudit({
      hostedZones: [{ zoneId: f.ZONE, zoneName: 'example.com' }],
      changeAudit: { protectedRecords: [{ zoneId: f.ZONE, name: 'www', type: 'A' }, { zoneName: 'example.com', name: '@' }, { zoneName: 'example.com', name: '*.example.com' }] },
    }).protectedRecords,
  });

  it('alerts (warning) on the record change of the guide example', () => {
    expect(triggered(audit.rules, f.changeRecordSets)).toEqual(['record-changes:warning']);
  });

  it('alerts critical when a protected record is in the batch, whatever the case or trailing dot', () => {
    expect(triggered(audit.rules, f.changeBy([{ action: 'UPSERT', name: 'WWW.Example.com', type: 'A' }]))).toEqual([
      'record-changes:warning',
      'protected-records:critical',
    ]);
    expect(triggered(audit.rules, f.changeBy([{ action: 'DELETE', name: 'example.com.', type: 'MX' }]))).toContain('protected-records:critical');
    expect(triggered(audit.rules, f.changeBy([{ action: 'CREATE', name: '\\052.example.com.', type: 'CNAME' }]))).toContain('protected-records:critical');
    expect(triggered(audit.rules, f.changeBy([{ action: 'CREATE', name: '*.example.com', type: 'A' }]))).toContain('protected-records:critical');
  });

  it('does not treat a change as protected when name and type are in different changes of the batch', () => {
    const mixed = f.changeBy([
      { action: 'UPSERT', name: 'www.example.com.', type: 'TXT' },
      { action: 'UPSERT', name: 'api.example.com.', type: 'A' },
    ]);
    expect(triggered(audit.rules, mixed)).toEqual(['record-changes:warning']);
  });

  it('ignores other zones, failed calls and read or create-only calls', () => {
    expect(triggered(audit.rules, f.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }], f.OTHER_ZONE))).toEqual([]);
    expect(triggered(audit.rules, f.deniedChange)).toEqual([]);
    expect(triggered(audit.rules, f.listHostedZones)).toEqual([]);
    expect(triggered(audit.rules, f.createHealthCheck)).toEqual([]);
  });

  it('alerts critical on zone deletion, DNSSEC disable and KSK deactivate/delete', () => {
    for (const e of [f.deleteHostedZone, f.disableDnssec, f.deactivateKsk, f.deleteKsk]) expect(triggered(audit.rules, e)).toEqual(['zone-changes:critical']);
    const otherZone = JSON.parse(JSON.stringify(f.deleteHostedZone));
    otherZone.detail.requestParameters.id = f.OTHER_ZONE;
    expect(triggered(audit.rules, otherZone)).toEqual([]);
  });

  it('alerts (warning) on query-logging and health-check deletion and DNSSEC enable/KSK creation', () => {
    for (const e of [f.deleteQueryLogging, f.deleteHealthCheck, f.enableDnssec, f.createKsk]) expect(triggered(audit.rules, e)).toEqual(['monitoring-changes:warning']);
  });

  it('narrows health-check deletion to the given health checks', () => {
    const { audit: narrow } = build({ healthCheckIds: ['11111111-2222-3333-4444-555555555555'] });
    expect(triggered(narrow.rules, f.deleteHealthCheck)).toEqual([]);
    const mine = JSON.parse(JSON.stringify(f.deleteHealthCheck));
    mine.detail.requestParameters.healthCheckId = '11111111-2222-3333-4444-555555555555';
    expect(triggered(narrow.rules, mine)).toEqual(['monitoring-changes:warning']);
    expect(triggered(narrow.rules, f.deleteQueryLogging)).toEqual(['monitoring-changes:warning']);
  });

  it('skips the every-change rule with allChanges: false', () => {
    const { audit: quiet } = build({ allChanges: false });
    expect(triggered(quiet.rules, f.changeRecordSets)).toEqual([]);
    expect(triggered(quiet.rules, f.deleteHostedZone)).toEqual(['zone-changes:critical']);
  });
});

describe('change-audit rules in the template', () => {
  it('creates enabled rules with the Route 53 CloudTrail envelope, each running the publisher, which publishes to the topics of its severity', () => {
    const { t, audit } = build();
    expect(audit.rules.map((r) => r.rule.name)).toEqual(['acme-dns-audit-records-1', 'acme-dns-audit-zone-1', 'acme-dns-audit-monitoring-1', 'acme-dns-audit-monitoring-2']);
    t.resourceCountIs('AWS::Events::Rule', 4);
    const fnId = t.getResourceId('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'dns-audit-publisher' } } } });
    const publisher = { Id: 'alert', Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RoleArn: Match.absent() };
    t.hasResourceProperties('AWS::Events::Rule', {
      Name: 'acme-dns-audit-records-1',
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.route53'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['route53.amazonaws.com'],
          eventName: ['ChangeResourceRecordSets'],
          errorCode: [{ exists: false }],
          requestParameters: { hostedZoneId: [f.ZONE] },
        },
      },
      Targets: [{ ...publisher, InputTransformer: { InputPathsMap: auditInputPaths('record-changes'), InputTemplate: Match.stringLikeRegexp('"severity":"warning"') } }],
    });
    t.hasResourceProperties('AWS::Events::Rule', { Name: 'acme-dns-audit-zone-1', Targets: [Match.objectLike({ ...publisher, InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('"severity":"critical"') }) })] });
    // The publisher knows the topics per severity; EventBridge may invoke it for these rules only.
    const env = t.findResources('AWS::Lambda::Function')[fnId].Properties.Environment.Variables;
    expect(JSON.parse(env.TOPICS)).toEqual(topicArns);
    t.resourceCountIs('AWS::Lambda::Permission', 1);
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:111122223333:rule/acme-dns-audit-*']] },
      SourceAccount: '111122223333',
    });
    // Its role publishes to those topics with their key; failed runs go to the audit's dead-letter queue.
    t.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'PublishAlerts', Action: 'sns:Publish', Effect: 'Allow', Resource: [topicArns.critical[0], topicArns.warning[0]] },
          { Sid: 'EncryptForTopics', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: KEY },
        ]),
      },
    });
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [t.getResourceId('AWS::SQS::Queue', {}), 'Arn'] } } },
    });
    // Without a chat copy or texts, EventBridge needs no role of its own.
    expect(audit.role).toBeUndefined();
    t.resourcePropertiesCountIs('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })] } }, 0);
  });

  it('publishes the chat copy and the critical text with a role EventBridge assumes, for this account only', () => {
    const sms = 'arn:aws:sns:us-east-1:111122223333:acme-alerts-critical-sms';
    const chat = 'arn:aws:sns:us-east-1:111122223333:acme-alerts-chatbot';
    const { t, audit } = build({ chatTopicArn: chat, smsTopicArns: { critical: sms } });
    const roleId = t.getResourceId('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })] } } });
    expect(audit.role).toBeDefined();
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }],
      },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: { Statement: Match.arrayWith([{ Sid: 'PublishAlerts', Action: 'sns:Publish', Effect: 'Allow', Resource: [chat, sms] }]) },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      Name: 'acme-dns-audit-zone-1',
      Targets: [
        Match.objectLike({ Id: 'alert', RoleArn: Match.absent() }),
        Match.objectLike({ Id: 'chatbot', Arn: chat, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
        Match.objectLike({ Id: 'sms', Arn: sms, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
      ],
    });
  });


  it('renders an alert saying who, what, which zone and when, as valid JSON', () => {
    const { audit } = build();
    const rule = audit.rules.find((r) => r.category === 'record-changes')!;
    const message = JSON.parse(render(rule, f.changeRecordSets));
    expect(message).toEqual({
      type: AUDIT_MESSAGE_TYPE,
      prefix: 'acme',
      category: 'record-changes',
      severity: 'warning',
      alert: expect.any(String),
      what: 'ChangeResourceRecordSets',
      when: '2015-01-16T00:41:43Z',
      who: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/smithj' },
      zone: f.ZONE,
      changes: { actions: ['CREATE', 'CREATE'], names: ['prod.example.com.', 'test.example.com.'], types: ['A', 'A'] },
      account: f.ACCOUNT,
      region: 'us-east-1',
      eventId: '883b14d9-2f84-4005-8bc5-c7bf0cebc116',
    });
    // Every referenced path exists in every event the rules match.
    for (const e of [f.deleteHostedZone, f.deleteQueryLogging, f.deleteHealthCheck, f.deactivateKsk]) {
      const out = JSON.parse(render(audit.rules.find((r) => matchesEventPattern(r.pattern, e))!, e));
      expect(Object.values(out)).not.toContain(null);
      expect(Object.values(out)).not.toContain('');
      expect(out.request).toEqual((e as any).detail.requestParameters);
    }
  });

  it('sends subscribers (the Chatbot channel too) no access keys, session attributes, source IP, user agent, record values or comments', () => {
    const { audit } = build({ protectedRecords: [{ zoneId: f.ZONE, name: 'www.example.com.' }], chatTopicArn: 'arn:aws:sns:us-east-1:111122223333:acme-alerts-chatbot' });
    const transformers = (r: { rule: CfnRule }) => (r.rule.targets as CfnRule.TargetProperty[]).map((t) => t.inputTransformer as CfnRule.InputTransformerProperty);
    for (const r of audit.rules) {
      expect(transformers(r)).toHaveLength(2);
      for (const tr of transformers(r)) {
        const paths = Object.values(tr.inputPathsMap as Record<string, string>);
        expect(paths.filter((p) => !AUDIT_ALLOWED_PATHS.includes(p))).toEqual([]);
        expect(paths.filter((p) => /userIdentity$|sessionContext|accessKeyId|sourceIPAddress|userAgent|changeBatch$|resourceRecords/.test(p))).toEqual([]);
      }
    }
    const events = [f.changeRecordSets, f.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]), f.deleteHostedZone, f.deactivateKsk, f.deleteHealthCheck];
    for (const e of events) {
      for (const tr of audit.rules.filter((x) => matchesEventPattern(x.pattern, e)).flatMap(transformers)) {
        const text = renderAuditMessage(tr.inputTemplate, tr.inputPathsMap as Record<string, string>, e);
        expect(() => JSON.parse(text)).not.toThrow();
        for (const secret of ['AKIAIOSFODNN7EXAMPLE', 'ASIAEXAMPLEKEY', 'mfaAuthenticated', '192.0.2.92', '198.51.100.23', 'aws-cli', 'Apache-HttpClient', '203.0.113.10', '192.0.1.1', 'Adding subdomains']) {
          expect(text).not.toContain(secret);
        }
      }
    }
  });

  it('stays within the targets EventBridge allows per rule (lib/aws-facts.ts), however many topics a severity has', () => {
    const five = Array.from({ length: EVENTBRIDGE.maxTargetsPerRule }, (_, i) => `arn:aws:sns:us-east-1:111122223333:t${i}`);
    const { audit } = build({
      topicArns: { critical: five, warning: five },
      chatTopicArn: 'arn:aws:sns:us-east-1:111122223333:chat',
      smsTopicArns: { critical: 'arn:aws:sns:us-east-1:111122223333:sms' },
      protectedRecords: [{ zoneId: f.ZONE, name: 'www.example.com.' }],
    });
    const counts = audit.rules.map((r) => (r.rule.targets as unknown[]).length);
    expect(Math.max(...counts)).toBe(3);
    expect(counts.every((n) => n <= EVENTBRIDGE.maxTargetsPerRule)).toBe(true);
  });

  it('lets EventBridge invoke the publisher for every rule of a 2,000-zone part with one statement, within the 20 KB a function policy holds (lib/aws-facts.ts)', () => {
    const zoneIds = Array.from({ length: 2000 }, (_, i) => `Z${String(i).padStart(6, '0')}GENERATED${String(i % 1000).padStart(3, '0')}`.slice(0, 21));
    const stack = stackIn('us-east-1');
    const audit = new DnsChangeAudit(stack, 'Audit', { prefix: 'acme', zoneIds, topicArns, topicKeyArn: KEY });
    expect(audit.rules.length).toBeGreaterThan(100);
    const d = new Deployment(stacksOf([stack]));
    const permissions = d.resources('AWS::Lambda::Permission').map((r) => d.props(r));
    // The policy Lambda keeps: a statement per permission, with the longest function name and a long Sid.
    const statements = permissions.map((p) => ({
      Sid: 'x'.repeat(100),
      Effect: 'Allow',
      Principal: { Service: p.Principal },
      Action: p.Action,
      Resource: `arn:aws:lambda:us-east-1:111122223333:function:${'f'.repeat(64)}`,
      Condition: { StringEquals: { 'AWS:SourceAccount': p.SourceAccount }, ArnLike: { 'AWS:SourceArn': p.SourceArn } },
    }));
    expect(Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }))).toBeLessThanOrEqual(LAMBDA.maxResourcePolicyBytes);
    // It admits every rule of the audit (StringLike, as Lambda compares SourceArn), in this account.
    const like = (pattern: string) => new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`);
    for (const r of d.resources('AWS::Events::Rule')) expect(permissions.some((p) => like(p.SourceArn).test(d.arnOf(r)))).toBe(true);
    expect(permissions.every((p) => p.SourceAccount === '111122223333' && p.Principal === 'events.amazonaws.com')).toBe(true);
    expect(permissions.some((p) => like(p.SourceArn).test('arn:aws:events:us-east-1:111122223333:rule/other-rule'))).toBe(false);
  });

  it('refuses another region and missing topics', () => {
    expect(() => new DnsChangeAudit(stackIn('eu-west-1'), 'A', { prefix: 'acme', zoneIds: [f.ZONE], topicArns })).toThrow(/must be in a us-east-1 stack/);
    expect(() => new DnsChangeAudit(stackIn('us-east-1'), 'A', { prefix: 'acme', zoneIds: [f.ZONE], topicArns: { critical: [], warning: [] } })).toThrow(/no topic ARNs/);
  });
});

describe('pattern validity', () => {
  const orCounts = (node: unknown, out: number[] = []): number[] => {
    if (Array.isArray(node)) node.forEach((n) => orCounts(n, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$or') out.push((v as unknown[]).length);
        orCounts(v, out);
      }
    }
    return out;
  };

  it('never emits a $or with fewer than two branches (EventBridge rejects it)', () => {
    const one = protectedRecordPatterns([{ zoneId: f.ZONE, name: 'www.example.com.', type: 'A' }]);
    expect(one).toHaveLength(1);
    expect(orCounts(one)).toEqual([]);
    expect(matchesEventPattern(one[0], f.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]))).toBe(true);
    expect(matchesEventPattern(one[0], f.changeBy([{ action: 'UPSERT', name: 'api.example.com', type: 'A' }]))).toBe(false);
    const { audit } = build({ protectedRecords: [{ zoneId: f.ZONE, name: 'www.example.com.' }], healthCheckIds: ['x'] });
    for (const c of orCounts(audit.rules.map((r) => r.pattern))) expect(c).toBeGreaterThanOrEqual(2);
  });
});

describe('pattern size', () => {
  it('splits many zones and protected records over several rules within the pattern limit, matching each', () => {
    const zones = Array.from({ length: 500 }, (_, i) => `Z${String(i).padStart(20, '0')}`);
    const patterns = recordChangePatterns(zones);
    expect(patterns.length).toBeGreaterThan(1);
    for (const p of patterns) expect(patternLength(p)).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    for (const z of [zones[0], zones[250], zones[499]]) {
      const e = f.changeBy([{ action: 'UPSERT', name: 'x.example.com.', type: 'A' }], z);
      expect(patterns.filter((p) => matchesEventPattern(p, e))).toHaveLength(1);
    }
    const records = Array.from({ length: 300 }, (_, i) => ({ zoneId: f.ZONE, name: `host${i}.example.com.`, type: i % 2 ? 'A' : undefined }));
    const pp = protectedRecordPatterns(records);
    expect(pp.length).toBeGreaterThan(1);
    for (const p of pp) expect(patternLength(p)).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    const hit = f.changeBy([{ action: 'DELETE', name: 'host299.example.com', type: 'A' }]);
    expect(pp.filter((p) => matchesEventPattern(p, hit))).toHaveLength(1);
    const wrongType = f.changeBy([{ action: 'DELETE', name: 'host299.example.com', type: 'TXT' }]);
    expect(pp.filter((p) => matchesEventPattern(p, wrongType))).toHaveLength(0);
  });
});

describe('zone names in the alert', () => {
  const NAMES = { [f.ZONE]: 'example.com', [f.OTHER_ZONE]: 'other.example' };
  const { audit } = build({
    zoneIds: [f.ZONE, f.OTHER_ZONE],
    zoneNames: NAMES,
    protectedRecords: [{ zoneId: f.ZONE, name: 'www.example.com.' }],
  });

  it('gives the zone-level rules (zone deleted, DNSSEC, protected records) the names of the zones they watch; record changes keep the id (their record names name the zone)', () => {
    const named: [unknown, string][] = [
      [f.deleteHostedZone, 'zone-changes'],
      [f.disableDnssec, 'zone-changes'],
      [f.deactivateKsk, 'zone-changes'],
      [f.enableDnssec, 'monitoring-changes'],
      [f.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]), 'protected-records'],
    ];
    for (const [event, category] of named) {
      const rule = audit.rules.find((r) => r.category === category && matchesEventPattern(r.pattern, event))!;
      expect(JSON.parse(render(rule, event)).zoneNames).toEqual(category === 'protected-records' ? { [f.ZONE]: 'example.com' } : NAMES);
    }
    const records = audit.rules.find((r) => r.category === 'record-changes')!;
    expect(JSON.parse(render(records, f.changeRecordSets)).zoneNames).toBeUndefined();
    // Account-wide calls carry no zone: no names.
    const monitoring = audit.rules.find((r) => matchesEventPattern(r.pattern, f.deleteQueryLogging))!;
    expect(JSON.parse(render(monitoring, f.deleteQueryLogging)).zoneNames).toBeUndefined();
  });

  it('reads the input template limit it keeps to from the AWS::Events::Rule resource schema', () => {
    const schema = resourceSchema('AWS::Events::Rule') as unknown as { definitions: { InputTransformer: { properties: { InputTemplate: { maxLength: number } } } } };
    expect(EVENTBRIDGE.maxInputTemplateLength).toBe(schema.definitions.InputTransformer.properties.InputTemplate.maxLength);
  });

  it('keeps every input template within what EventBridge takes (lib/aws-facts.ts) for 2,000 zones of the longest names, each zone named by the one rule that matches it', () => {
    const n = 2000;
    const zoneIds = Array.from({ length: n }, (_, i) => `Z${String(i).padStart(6, '0')}GENERATED${String(i % 1000).padStart(3, '0')}`.slice(0, 21));
    // 253 characters, the longest DNS name.
    const long = (i: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.z${String(i).padStart(5, '0')}${'d'.repeat(51)}.com`;
    expect(long(0)).toHaveLength(253);
    const zoneNames = Object.fromEntries(zoneIds.map((id, i) => [id, long(i)]));
    const big = new DnsChangeAudit(stackIn('us-east-1'), 'Audit', { prefix: 'acme-production-dns-mon1', zoneIds, zoneNames, topicArns });
    for (const r of big.rules) {
      for (const t of r.rule.targets as CfnRule.TargetProperty[]) {
        expect((t.inputTransformer as CfnRule.InputTransformerProperty).inputTemplate.length).toBeLessThanOrEqual(EVENTBRIDGE.maxInputTemplateLength);
      }
      expect(patternLength(r.pattern)).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    }
    const zoneRules = big.rules.filter((r) => r.category === 'zone-changes');
    for (let i = 0; i < n; i += 97) {
      const e = JSON.parse(JSON.stringify(f.deleteHostedZone));
      e.detail.requestParameters.id = zoneIds[i];
      const hits = zoneRules.filter((r) => matchesEventPattern(r.pattern, e));
      expect(hits).toHaveLength(1);
      expect(JSON.parse(render(hits[0], e)).zoneNames[zoneIds[i]]).toBe(long(i));
    }
  });
});

describe('registrar changes (registered domains)', () => {
  const { audit } = build({ registrar: true });
  const critical = ['UpdateDomainNameservers', 'AssociateDelegationSignerToDomain', 'DisassociateDelegationSignerFromDomain', 'DisableDomainTransferLock', 'RetrieveDomainAuthCode', 'TransferDomainToAnotherAwsAccount', 'PushDomain', 'DeleteDomain'];
  const warning = ['UpdateDomainContact', 'UpdateDomainContactPrivacy', 'DisableDomainAutoRenew'];

  it('alerts critical when a domain is delegated elsewhere, its DS records change, its transfer protection is lifted or it leaves the account; in either recorded shape', () => {
    for (const action of critical) {
      for (const shape of ['guide', 'api-spelling'] as const) {
        expect([action, shape, triggered(audit.rules, f.registrarCall(action, { domainName: 'example.com' }, shape))]).toEqual([action, shape, ['registrar-critical:critical']]);
      }
    }
  });

  it('warns when contacts, their privacy or automatic renewal change (the guide example among them)', () => {
    expect(triggered(audit.rules, f.updateDomainContact)).toEqual(['registrar-changes:warning']);
    for (const action of warning) {
      for (const shape of ['guide', 'api-spelling'] as const) expect(triggered(audit.rules, f.registrarCall(action, { domainName: 'example.com' }, shape))).toEqual(['registrar-changes:warning']);
    }
  });

  it('ignores failed calls, reads and protective calls', () => {
    expect(triggered(audit.rules, f.registrarCall('UpdateDomainNameservers', { domainName: 'example.com' }, 'guide', { errorCode: 'AccessDenied' }))).toEqual([]);
    for (const action of ['GetDomainDetail', 'ListDomains', 'EnableDomainTransferLock', 'EnableDomainAutoRenew', 'RenewDomain', 'CheckDomainAvailability']) {
      expect([action, triggered(audit.rules, f.registrarCall(action, { domainName: 'example.com' }))]).toEqual([action, []]);
    }
  });

  it('watches no registrar call without registered domains, nor in audit parts after the first (the calls are account-wide)', () => {
    const call = f.registrarCall('UpdateDomainNameservers', { domainName: 'example.com' });
    expect(triggered(build().audit.rules, call)).toEqual([]);
    expect(triggered(build({ registrar: true, part: 2 }).audit.rules, call)).toEqual([]);
  });

  it('says which domain, from either shape of the request, and who, what and when; never contact details', () => {
    for (const [event, domain] of [
      [f.updateDomainContact, { name: 'example.com' }],
      [f.registrarCall('DisableDomainTransferLock', { domainName: 'example.com' }, 'api-spelling'), 'example.com'],
    ] as const) {
      const rule = audit.rules.find((r) => matchesEventPattern(r.pattern, event))!;
      const out = JSON.parse(render(rule, event));
      expect(out).toMatchObject({ category: rule.category, what: (event as any).detail.eventName, request: { domainName: domain }, who: { arn: 'arn:aws:iam::111122223333:user/smithj' } });
      expect(Object.values(out)).not.toContain(null);
    }
  });
});
