/**
 * Privacy proof: no principal that something outside the account can reach (AWS Chatbot acting
 * for Slack channel members, the Slack notifier, the license reporter and deploy check, which talk
 * to the internet) may read query logs, metric data, Contributor Insights reports or DNS records.
 * It is evaluated for every role of the deployment (a stronger claim: no role the product creates
 * can), and for the Chatbot guardrail as the identity of a channel member.
 */
import * as path from 'node:path';
import { parseConfig, readConfigFile } from '../../lib/config/load';
import { Deployment, ResourceRef } from '../support/iam/deployment';
import { managedPolicy, PolicyDoc, roleIdentityPolicies, simulate } from '../support/iam/policies';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { exampleConfigFiles, REPO } from '../support/synth';

/** Read actions on a log group (resource type log-group in AWS's Service Authorization Reference). */
const FORBIDDEN_ON_LOGS = ['logs:FilterLogEvents', 'logs:StartQuery', 'logs:StartLiveTail', 'logs:GetQueryResults'];
const FORBIDDEN_ON_ANY = ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:GetMetricWidgetImage'];

interface Target {
  readonly action: string;
  readonly resource: string;
}

/** Every forbidden request against the deployment's own log groups, rules and zones. */
function forbiddenRequests(d: Deployment, file: string): Target[] {
  const cfg = parseConfig(readConfigFile(file));
  const logGroups = new Set<string>();
  for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) logGroups.add(`arn:aws:logs:${s.region}:${TEST_ACCOUNT}:log-group:${s.logGroupName}`);
  for (const lg of d.resources('AWS::Logs::LogGroup')) logGroups.add(d.arnOf(lg).replace(/:\*$/, ''));
  const out: Target[] = [];
  for (const lg of logGroups) {
    for (const action of FORBIDDEN_ON_LOGS) out.push({ action, resource: lg });
    // Route 53 names streams <zoneId>/<edge>; GetLogEvents is authorized on the stream.
    out.push({ action: 'logs:GetLogEvents', resource: `${lg}:log-stream:Z0123456789ABCDEFGHIJ/FRA6` });
  }
  for (const rule of d.resources('AWS::CloudWatch::InsightRule')) out.push({ action: 'cloudwatch:GetInsightRuleReport', resource: d.arnOf(rule) });
  for (const z of cfg.hostedZones) {
    out.push({ action: 'route53:ListResourceRecordSets', resource: `arn:aws:route53:::hostedzone/${z.id}` });
    out.push({ action: 'route53:GetHostedZone', resource: `arn:aws:route53:::hostedzone/${z.id}` });
  }
  // A zone outside the config: not even its name servers.
  out.push({ action: 'route53:GetHostedZone', resource: 'arn:aws:route53:::hostedzone/Z9999999999NOTCONFIG' });
  for (const action of FORBIDDEN_ON_ANY) out.push({ action, resource: '*' });
  return out;
}

const isProber = (role: ResourceRef) => role.logicalId.startsWith('DnsProberRole');
const proberZones = (file: string) => parseConfig(readConfigFile(file)).dnsChecks.flatMap((c) => (c.zoneId ? [`arn:aws:route53:::hostedzone/${c.zoneId}`] : []));

const trustedBy = (d: Deployment, role: ResourceRef) => JSON.stringify(d.props(role).AssumeRolePolicyDocument);

describe.each(exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const))('privacy of %s', (_name, file) => {
  const d = deploymentOf(readConfigFile(file));
  const requests = forbiddenRequests(d, file);
  const roles = d.resources('AWS::IAM::Role');

  it('has forbidden requests and roles to check', () => {
    expect(requests.length).toBeGreaterThan(FORBIDDEN_ON_ANY.length);
    expect(roles.length).toBeGreaterThan(0);
  });

  it('no role of the deployment may read logs, metric data, Top-N reports or DNS records', async () => {
    const allowed: string[] = [];
    for (const role of roles) {
      const identityPolicies = roleIdentityPolicies(d, role);
      for (const req of requests) {
        const v = await simulate({ principal: d.arnOf(role), action: req.action, resource: req.resource, resourceAccount: TEST_ACCOUNT, identityPolicies });
        // The one exception, by design: the DNS prober reads the delegation set (GetHostedZone: the
        // zone's name servers, no records) of the zones its checks name, and nothing else (below).
        if (v === 'Allowed' && isProber(role) && req.action === 'route53:GetHostedZone' && proberZones(file).includes(req.resource)) continue;
        if (v === 'Allowed') allowed.push(`${role.logicalId} (${trustedBy(d, role).match(/[a-z0-9-]+\.amazonaws\.com/)?.[0]}) ${req.action} ${req.resource}`);
      }
    }
    expect(allowed).toEqual([]);
  });

  it('a Slack channel member (Chatbot guardrail) may read neither logs nor metrics nor records', async () => {
    const channels = d.resources('AWS::Chatbot::SlackChannelConfiguration');
    const allowed: string[] = [];
    for (const ch of channels) {
      const p = d.props(ch);
      expect(p.GuardrailPolicies?.length).toBeGreaterThan(0);
      const identityPolicies = p.GuardrailPolicies.map((arn: string) => ({ name: arn, policy: managedPolicy(d, arn, ch.logicalId) as PolicyDoc }));
      for (const req of requests) {
        const v = await simulate({ principal: `arn:aws:iam::${TEST_ACCOUNT}:role/slack-channel-member`, action: req.action, resource: req.resource, resourceAccount: TEST_ACCOUNT, identityPolicies });
        if (v === 'Allowed') allowed.push(`${ch.logicalId} ${req.action} ${req.resource}`);
      }
    }
    expect(allowed).toEqual([]);
  });
});

describe('the privacy proof covers the principals reachable from outside', () => {
  const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
  const roles = d.resources('AWS::IAM::Role');

  it('includes the Chatbot channel role, the Slack notifier and the license functions', () => {
    const names = roles.map((r) => r.logicalId).join(' ');
    expect(roles.some((r) => trustedBy(d, r).includes('chatbot.amazonaws.com'))).toBe(true);
    expect(names).toMatch(/SlackNotifierRole/);
    expect(names).toMatch(/LicenseReporter.*Role|License.*Reporter.*Role/);
    expect(names).toMatch(/DeployCheck.*Role/);
  });

  it('would catch CloudWatchReadOnlyAccess-like rights on a channel role', async () => {
    const chatbotRole = roles.find((r) => trustedBy(d, r).includes('chatbot.amazonaws.com'))!;
    const widened = [...roleIdentityPolicies(d, chatbotRole), { name: 'readonly', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:FilterLogEvents', 'logs:StartQuery', 'cloudwatch:GetInsightRuleReport'], Resource: '*' }] } }];
    const v = await simulate({
      principal: d.arnOf(chatbotRole),
      action: 'logs:FilterLogEvents',
      resource: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/route53/a.example.org`,
      resourceAccount: TEST_ACCOUNT,
      identityPolicies: widened,
    });
    expect(v).toBe('Allowed');
  });
});
