/**
 * IAM evaluation over a synthesized deployment with a real policy simulator
 * (@cloud-copilot/iam-simulate): identity policies of a role as CloudFormation attaches them,
 * resource policies of topics, queues, keys and functions, and the simulator's verdict.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { Deployment, ResourceRef } from './deployment';

export type Verdict = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface PolicyDoc {
  Version?: string;
  Statement: any[];
}

/**
 * AWS managed policies that product roles may carry, with their documented statements (AWS
 * Managed Policy Reference). A role with any other AWS managed policy cannot be evaluated here.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
 */
const AWS_MANAGED: Record<string, PolicyDoc> = {
  'service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};

export interface Request {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  readonly identityPolicies?: readonly { name: string; policy: PolicyDoc }[];
  readonly resourcePolicy?: PolicyDoc;
}

export async function simulate(req: Request): Promise<Verdict> {
  const result: any = await runSimulation(
    {
      request: {
        principal: req.principal,
        action: req.action,
        resource: { resource: req.resource, accountId: req.resourceAccount },
        contextVariables: { 'aws:SecureTransport': 'true', ...(req.context ?? {}) },
      },
      identityPolicies: [...(req.identityPolicies ?? [])],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: req.resourcePolicy,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulator refused ${req.action} on ${req.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Verdict;
}

const list = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Identity policies CloudFormation attaches to a role (inline, AWS::IAM::Policy, managed). */
export function roleIdentityPolicies(d: Deployment, role: ResourceRef): { name: string; policy: PolicyDoc }[] {
  const roleName = d.physicalName(role);
  const roleArn = d.arnOf(role);
  const props = d.props(role);
  const out: { name: string; policy: PolicyDoc }[] = [];
  for (const p of list(props.Policies)) out.push({ name: p.PolicyName, policy: p.PolicyDocument });
  for (const p of d.resources('AWS::IAM::Policy')) {
    const pp = d.props(p);
    if (list(pp.Roles).includes(roleName)) out.push({ name: pp.PolicyName ?? p.logicalId, policy: pp.PolicyDocument });
  }
  for (const p of d.resources('AWS::IAM::ManagedPolicy')) {
    const pp = d.props(p);
    if (list(pp.Roles).includes(roleName)) out.push({ name: p.logicalId, policy: pp.PolicyDocument });
  }
  for (const arn of list(props.ManagedPolicyArns)) out.push({ name: arn, policy: managedPolicy(d, arn, roleArn) });
  return out;
}

/** The document of a managed policy ARN: from the deployment, or a known AWS managed one. */
export function managedPolicy(d: Deployment, arn: string, usedBy: string): PolicyDoc {
  const own = d.resources('AWS::IAM::ManagedPolicy').find((p) => d.arnOf(p) === arn);
  if (own) return d.props(own).PolicyDocument;
  const m = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
  if (m && AWS_MANAGED[m[1]]) return AWS_MANAGED[m[1]];
  throw new Error(`${usedBy} carries ${arn}, whose statements this evaluator does not know: it cannot be proven`);
}

export function roleByArn(d: Deployment, arn: string): ResourceRef {
  const role = d.resources('AWS::IAM::Role').find((r) => d.arnOf(r) === arn);
  if (!role) throw new Error(`no role ${arn} in the deployment`);
  return role;
}

/** The resource policy AWS evaluates for an ARN, as the templates define it. */
export function resourcePolicyFor(d: Deployment, arn: string): PolicyDoc | undefined {
  const target = d.findByArn(arn);
  if (!target) return undefined;
  const statements: any[] = [];
  switch (target.type) {
    case 'AWS::SNS::Topic':
      for (const p of d.resources('AWS::SNS::TopicPolicy')) {
        const pp = d.props(p);
        if (list(pp.Topics).includes(arn)) statements.push(...list(pp.PolicyDocument.Statement));
      }
      break;
    case 'AWS::SQS::Queue': {
      const url = d.refOf(target);
      for (const p of d.resources('AWS::SQS::QueuePolicy')) {
        const pp = d.props(p);
        if (list(pp.Queues).includes(url)) statements.push(...list(pp.PolicyDocument.Statement));
      }
      break;
    }
    case 'AWS::KMS::Key':
      statements.push(...list(d.props(target).KeyPolicy.Statement));
      break;
    case 'AWS::Lambda::Function': {
      const name = d.physicalName(target);
      for (const p of d.resources('AWS::Lambda::Permission')) {
        const pp = d.props(p);
        if (pp.FunctionName !== name && pp.FunctionName !== arn) continue;
        const principal = /amazonaws\.com$/.test(pp.Principal) ? { Service: pp.Principal } : { AWS: pp.Principal };
        const condition: Record<string, Record<string, string>> = {};
        if (pp.SourceArn) condition.ArnLike = { 'aws:SourceArn': pp.SourceArn };
        if (pp.SourceAccount) condition.StringEquals = { 'aws:SourceAccount': pp.SourceAccount };
        statements.push({ Effect: 'Allow', Principal: principal, Action: pp.Action, Resource: arn, ...(Object.keys(condition).length ? { Condition: condition } : {}) });
      }
      break;
    }
    case 'AWS::IAM::Role':
      statements.push(...list(d.props(target).AssumeRolePolicyDocument.Statement));
      break;
    default:
      return undefined;
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Every action named in every policy of the deployment that AWS's service reference does not know. */
export async function unknownActions(d: Deployment): Promise<string[]> {
  const named = new Set<string>();
  const visit = (doc: PolicyDoc | undefined) => {
    for (const st of list(doc?.Statement)) for (const a of [...list(st.Action), ...list(st.NotAction)]) named.add(a);
  };
  for (const r of d.resources()) {
    const p = d.props(r);
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') visit(p.PolicyDocument);
    if (r.type === 'AWS::IAM::Role') {
      visit(p.AssumeRolePolicyDocument);
      for (const ip of list(p.Policies)) visit(ip.PolicyDocument);
    }
    if (r.type === 'AWS::SNS::TopicPolicy' || r.type === 'AWS::SQS::QueuePolicy') visit(p.PolicyDocument);
    if (r.type === 'AWS::KMS::Key') visit(p.KeyPolicy);
    if (r.type === 'AWS::Logs::ResourcePolicy') visit(JSON.parse(p.PolicyDocument));
  }
  const unknown: string[] = [];
  for (const a of named) {
    if (a === '*') continue;
    const expanded = await expandIamActions(a);
    if (expanded.length === 0) unknown.push(a);
  }
  return unknown.sort();
}

/**
 * The verdict on `role` of the deployment making `action` on `resource` in the deployment's account,
 * with its identity policies and, when asked, the resource's own policy (topic, key, queue).
 */
export async function roleMay(d: Deployment, role: ResourceRef, action: string, resource: string, withResourcePolicy = false): Promise<Verdict> {
  return simulate({
    principal: d.arnOf(role),
    action,
    resource,
    resourceAccount: role.stack.account,
    identityPolicies: roleIdentityPolicies(d, role),
    resourcePolicy: withResourcePolicy ? resourcePolicyFor(d, resource) : undefined,
  });
}
