/**
 * Policy documents within the sizes their services take (POLICY_SIZES, LAMBDA and LOGS in
 * lib/aws-facts.ts, each with its page): SQS queue policies, SNS topic policies (one topic each,
 * named by every statement), IAM role policies (inline together, each managed one, how many are
 * attached), KMS key policies, each function's resource policy (the statements Lambda keeps for
 * its permissions) and CloudWatch Logs resource policies. The CDK checks none of them, cfn-lint
 * neither: a deploy fails at the resource. Measured on the resolved documents of every example config and of the
 * largest fleets the config allows to grow a policy: a change-audit part of 2,000 zones under the
 * longest prefix, and DNS checks of as many zones as one prober region runs.
 */
import * as path from 'node:path';
import { LAMBDA, LOGS, POLICY_SIZES } from '../../lib/aws-facts';
import { AUDIT_ZONES_PER_STACK } from '../../lib/compose/health';
import { readConfigFile } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { deploymentOf } from '../support/iam/app';
import type { Deployment } from '../support/iam/deployment';
import { FLEET } from '../support/fleets';
import { exampleConfigFiles, generatedZones, REPO } from '../support/synth';

const LONGEST_PREFIX = 'acme-production-dns-mon1'; // 24 characters, the most the config takes
const OFF = { enabled: false };

/** A change audit of one full part: every zone's record changes, zone changes, DNSSEC and protected records. */
const AUDIT_PART: RawConfig = {
  ...generatedZones(AUDIT_ZONES_PER_STACK, {
    dashboards: OFF,
    contributorInsights: OFF,
    signals: { noerror: OFF, nxdomain: OFF, servfail: OFF, refused: OFF, errors: OFF, 'other-errors': OFF, tcp: OFF },
    changeAudit: { protectedRecords: Array.from({ length: 40 }, (_, i) => ({ zoneName: `zone${i}.example.com`, name: 'www' })) },
  } as never),
  prefix: LONGEST_PREFIX,
};

/** DNS checks of 240 zones, each reading its zone's name servers: about what one prober region's input holds. */
const DNS_CHECKS: RawConfig = {
  prefix: LONGEST_PREFIX,
  dnsChecks: Array.from({ length: 240 }, (_, i) => ({ name: `soa-${i}`, query: `zone${i}.example.com`, type: 'SOA', zoneId: `Z${String(i).padStart(6, '0')}GENERATED000`.slice(0, 21), expect: { consistent: true } })),
  alerts: { email: ['oncall@example.com'] },
} as never;

const configs: [string, () => RawConfig][] = [
  ...exampleConfigFiles().map((f) => [path.relative(REPO, f), () => readConfigFile(f)] as [string, () => RawConfig]),
  ['stability fleet', () => FLEET],
  [`a change-audit part of ${AUDIT_ZONES_PER_STACK} zones`, () => AUDIT_PART],
  ['DNS checks of 240 zones', () => DNS_CHECKS],
];

/** Characters IAM counts: the policy as JSON, white space not counted. */
const iamChars = (doc: unknown) => JSON.stringify(doc).replace(/\s/g, '').length;

function problems(d: Deployment): string[] {
  const out: string[] = [];
  for (const r of d.resources('AWS::SQS::QueuePolicy')) {
    const doc = d.props(r).PolicyDocument;
    const bytes = Buffer.byteLength(JSON.stringify(doc), 'utf8');
    if (bytes > POLICY_SIZES.sqsQueuePolicyBytes) out.push(`${r.stack.stackName}/${r.logicalId}: SQS queue policy of ${bytes} bytes (limit ${POLICY_SIZES.sqsQueuePolicyBytes})`);
    if (doc.Statement.length > POLICY_SIZES.sqsQueuePolicyStatements) out.push(`${r.stack.stackName}/${r.logicalId}: ${doc.Statement.length} statements (limit ${POLICY_SIZES.sqsQueuePolicyStatements})`);
  }
  // SNS: one topic per policy, every statement naming that topic alone.
  for (const r of d.resources('AWS::SNS::TopicPolicy')) {
    const p = d.props(r);
    const where = `${r.stack.stackName}/${r.logicalId}`;
    const bytes = Buffer.byteLength(JSON.stringify(p.PolicyDocument), 'utf8');
    if (bytes > POLICY_SIZES.snsTopicPolicyBytes) out.push(`${where}: SNS topic policy of ${bytes} bytes (limit ${POLICY_SIZES.snsTopicPolicyBytes})`);
    if (p.PolicyDocument.Statement.length > POLICY_SIZES.snsTopicPolicyStatements) out.push(`${where}: ${p.PolicyDocument.Statement.length} statements (limit ${POLICY_SIZES.snsTopicPolicyStatements})`);
    if (p.Topics.length !== 1) out.push(`${where}: covers ${p.Topics.length} topics (an SNS policy covers one)`);
    for (const st of p.PolicyDocument.Statement) {
      const resources = [st.Resource].flat();
      if (resources.length !== 1 || JSON.stringify(resources[0]) !== JSON.stringify(p.Topics[0])) out.push(`${where}: statement ${st.Sid} names ${JSON.stringify(st.Resource)}, not its topic ${JSON.stringify(p.Topics[0])}`);
    }
  }
  for (const r of d.resources('AWS::KMS::Key')) {
    const bytes = Buffer.byteLength(JSON.stringify(d.props(r).KeyPolicy), 'utf8');
    if (bytes > POLICY_SIZES.kmsKeyPolicyBytes) out.push(`${r.stack.stackName}/${r.logicalId}: key policy of ${bytes} bytes (limit ${POLICY_SIZES.kmsKeyPolicyBytes})`);
  }
  for (const r of d.resources('AWS::Logs::ResourcePolicy')) {
    const chars = String(d.props(r).PolicyDocument).length;
    if (chars > LOGS.maxResourcePolicyChars) out.push(`${r.stack.stackName}/${r.logicalId}: CloudWatch Logs resource policy of ${chars} characters (limit ${LOGS.maxResourcePolicyChars})`);
  }
  // A function's policy: one statement per permission, as Lambda writes it.
  const functionPolicy = new Map<string, unknown[]>();
  for (const r of d.resources('AWS::Lambda::Permission')) {
    const p = d.props(r);
    const condition = {
      ...(p.SourceArn ? { ArnLike: { 'AWS:SourceArn': p.SourceArn } } : {}),
      ...(p.SourceAccount ? { StringEquals: { 'AWS:SourceAccount': p.SourceAccount } } : {}),
    };
    const statement = { Sid: r.logicalId, Effect: 'Allow', Principal: p.Principal.includes('.') ? { Service: p.Principal } : { AWS: p.Principal }, Action: p.Action, Resource: p.FunctionName, ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) };
    functionPolicy.set(p.FunctionName, [...(functionPolicy.get(p.FunctionName) ?? []), statement]);
  }
  for (const [fn, statements] of functionPolicy) {
    const bytes = Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), 'utf8');
    if (bytes > LAMBDA.maxResourcePolicyBytes) out.push(`function ${fn}: resource policy of about ${bytes} bytes (limit ${LAMBDA.maxResourcePolicyBytes})`);
  }
  // Per role (by its name): its inline policies together, and its managed policies.
  const inline = new Map<string, number>();
  const managed = new Map<string, number>();
  for (const r of d.resources('AWS::IAM::Role')) {
    const p = d.props(r);
    const name = d.physicalName(r);
    inline.set(name, (p.Policies ?? []).reduce((n: number, x: { PolicyDocument: unknown }) => n + iamChars(x.PolicyDocument), 0));
    managed.set(name, (p.ManagedPolicyArns ?? []).length);
  }
  for (const r of d.resources('AWS::IAM::Policy')) {
    const p = d.props(r);
    for (const role of p.Roles ?? []) inline.set(role, (inline.get(role) ?? 0) + iamChars(p.PolicyDocument));
  }
  for (const r of d.resources('AWS::IAM::ManagedPolicy')) {
    const p = d.props(r);
    const chars = iamChars(p.PolicyDocument);
    if (chars > POLICY_SIZES.iamManagedPolicyChars) out.push(`${r.stack.stackName}/${r.logicalId}: managed policy of ${chars} characters (limit ${POLICY_SIZES.iamManagedPolicyChars})`);
    for (const role of p.Roles ?? []) managed.set(role, (managed.get(role) ?? 0) + 1);
  }
  for (const [role, chars] of inline) if (chars > POLICY_SIZES.iamRoleInlineChars) out.push(`role ${role}: inline policies of ${chars} characters (limit ${POLICY_SIZES.iamRoleInlineChars})`);
  for (const [role, n] of managed) if (n > POLICY_SIZES.iamManagedPoliciesPerRole) out.push(`role ${role}: ${n} managed policies (limit ${POLICY_SIZES.iamManagedPoliciesPerRole})`);
  return out;
}

describe.each(configs)('policy sizes in %s', (_name, config) => {
  it('every SQS queue policy, SNS topic policy, IAM role policy and KMS key policy is within its service\'s size', () => {
    const d = deploymentOf(config());
    expect(d.resources('AWS::SQS::QueuePolicy').length + d.resources('AWS::IAM::Role').length).toBeGreaterThan(0);
    expect(d.resources('AWS::SNS::TopicPolicy').length).toBeGreaterThan(0);
    expect(problems(d)).toEqual([]);
  }, 300_000);
});
