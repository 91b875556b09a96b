/**
 * Every literal property value of a synthesized resource against the AWS API that CloudFormation
 * calls to create it, as AWS's own API model says (botocore's, test/support/api-models.ts): string
 * lengths and patterns, number bounds, enums, list sizes, through nested structures, lists and
 * maps. CloudFormation's resource schemas (test/support/schema-values.ts) leave some of these out:
 * a metric filter's namespace takes no `:` in the API, and the schema's pattern is not anchored.
 * A property is matched to the operation's input member of the same name (case ignored), or by
 * RENAMED; properties the operation does not take, and intrinsics, are skipped.
 */
import { apiModel, apiPattern, type ApiShape } from './api-models';

/** The operation CloudFormation creates a resource type with (service, operation), and extra operations for properties it sets in other calls. */
const OPERATIONS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'AWS::CloudWatch::Alarm': [['cloudwatch', 'PutMetricAlarm']],
  'AWS::CloudWatch::CompositeAlarm': [['cloudwatch', 'PutCompositeAlarm']],
  'AWS::CloudWatch::InsightRule': [['cloudwatch', 'PutInsightRule']],
  'AWS::CloudWatch::Dashboard': [['cloudwatch', 'PutDashboard']],
  'AWS::CloudWatch::AlarmMuteRule': [['cloudwatch', 'PutAlarmMuteRule']],
  'AWS::Logs::MetricFilter': [['logs', 'PutMetricFilter']],
  'AWS::Logs::LogGroup': [['logs', 'CreateLogGroup'], ['logs', 'PutRetentionPolicy']],
  'AWS::Logs::ResourcePolicy': [['logs', 'PutResourcePolicy']],
  'AWS::Events::Rule': [['events', 'PutRule'], ['events', 'PutTargets']],
  'AWS::Route53::HealthCheck': [['route53', 'CreateHealthCheck']],
  'AWS::SNS::Topic': [['sns', 'CreateTopic']],
  'AWS::SQS::Queue': [['sqs', 'CreateQueue']],
  'AWS::Lambda::Function': [['lambda', 'CreateFunction']],
  'AWS::Scheduler::Schedule': [['scheduler', 'CreateSchedule']],
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': [['route53resolver', 'CreateResolverQueryLogConfig']],
  'AWS::DynamoDB::Table': [['dynamodb', 'CreateTable']],
  'AWS::SecretsManager::Secret': [['secretsmanager', 'CreateSecret']],
  'AWS::IAM::Role': [['iam', 'CreateRole']],
  'AWS::IAM::Policy': [['iam', 'PutRolePolicy']],
  'AWS::IAM::ManagedPolicy': [['iam', 'CreatePolicy']],
  'AWS::KMS::Key': [['kms', 'CreateKey']],
  'AWS::SNS::Subscription': [['sns', 'Subscribe']],
  'AWS::Lambda::Permission': [['lambda', 'AddPermission']],
  'AWS::Lambda::EventInvokeConfig': [['lambda', 'PutFunctionEventInvokeConfig']],
  'AWS::Lambda::EventSourceMapping': [['lambda', 'CreateEventSourceMapping']],
  'AWS::Route53::QueryLoggingConfig': [['route53', 'CreateQueryLoggingConfig']],
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation': [['route53resolver', 'AssociateResolverQueryLogConfig']],
  'AWS::Chatbot::SlackChannelConfiguration': [['chatbot', 'CreateSlackChannelConfiguration']],
};

/** CloudFormation property names that differ from the API's, per resource type. */
const RENAMED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::CloudWatch::InsightRule': { RuleBody: 'RuleDefinition' },
  'AWS::SNS::Topic': { TopicName: 'Name' },
  'AWS::KMS::Key': { KeyPolicy: 'Policy' },
};

const intrinsic = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));

function check(service: string, value: unknown, shape: ApiShape, at: string, out: string[]): void {
  if (value === undefined || value === null || intrinsic(value)) return;
  const model = apiModel(service);
  switch (shape.type) {
    case 'string': {
      const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (s.includes('${Token[')) return;
      if (shape.min !== undefined && s.length < shape.min) out.push(`${at}: ${s.length} characters, fewer than ${shape.min}`);
      if (shape.max !== undefined && s.length > shape.max) out.push(`${at}: ${s.length} characters, more than ${shape.max}`);
      if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) out.push(`${at}: '${value}' is not one of ${shape.enum.join(', ')}`);
      const re = shape.pattern !== undefined && typeof value === 'string' ? apiPattern(shape.pattern) : null;
      if (re && !re.test(s)) out.push(`${at}: '${s.slice(0, 80)}' does not match ${shape.pattern}`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(n)) return;
      if (shape.min !== undefined && n < shape.min) out.push(`${at}: ${n} is below ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) out.push(`${at}: ${n} is above ${shape.max}`);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      if (shape.min !== undefined && value.length < shape.min) out.push(`${at}: ${value.length} items, fewer than ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) out.push(`${at}: ${value.length} items, more than ${shape.max}`);
      value.forEach((v, i) => check(service, v, model.shapes[shape.member!.shape], `${at}[${i}]`, out));
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        check(service, k, model.shapes[shape.key!.shape], `${at}{${k}}`, out);
        check(service, v, model.shapes[shape.value!.shape], `${at}.${k}`, out);
      }
      return;
    }
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return;
      structure(service, value as Record<string, unknown>, shape, at, out, {});
      return;
    }
    default:
      return;
  }
}

function structure(service: string, value: Record<string, unknown>, shape: ApiShape, at: string, out: string[], renamed: Readonly<Record<string, string>>): void {
  const model = apiModel(service);
  const members = new Map(Object.entries(shape.members ?? {}).map(([name, m]) => [name.toLowerCase(), { name, shape: m.shape }]));
  for (const [key, v] of Object.entries(value)) {
    const m = members.get((renamed[key] ?? key).toLowerCase());
    if (m) check(service, v, model.shapes[m.shape], `${at}.${key}`, out);
  }
}

/** What in `props` (a resource of `type`) the API CloudFormation calls would refuse; `where` names it. */
export function apiValueProblems(type: string, props: Record<string, unknown> | undefined, where: string): string[] {
  const out: string[] = [];
  for (const [service, operation] of OPERATIONS[type] ?? []) {
    const model = apiModel(service);
    const input = model.operations[operation]?.input?.shape;
    if (!input) throw new Error(`${service} has no operation ${operation}`);
    structure(service, props ?? {}, model.shapes[input], `${where} ${type} (${service} ${operation})`, out, RENAMED[type] ?? {});
  }
  return out;
}

/** The resource types this checks. */
export const API_CHECKED_TYPES: readonly string[] = Object.keys(OPERATIONS);
