/**
 * A synthesized deployment (every stack's template) with CloudFormation intrinsics resolved to
 * concrete values of one test account, so that IAM policies can be evaluated on real ARNs.
 *
 * Physical names follow CloudFormation's rules where the template sets a name property
 * (TopicName, QueueName, RoleName, ...); a resource without one gets `<stack>-<logicalId>`, the
 * shape CloudFormation generates. ARNs use the documented ARN formats of each service.
 */
export interface StackTemplate {
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  readonly template: any;
}

export interface ResourceRef {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: any;
}

/** Name property and ARN shape of the resource types delivery paths go through. */
const NAMES: Record<string, { prop?: string; ref: 'name' | 'arn' | 'url' | 'id'; arn: (r: string, a: string, n: string) => string }> = {
  'AWS::SNS::Topic': { prop: 'TopicName', ref: 'arn', arn: (r, a, n) => `arn:aws:sns:${r}:${a}:${n}` },
  'AWS::SQS::Queue': { prop: 'QueueName', ref: 'url', arn: (r, a, n) => `arn:aws:sqs:${r}:${a}:${n}` },
  'AWS::KMS::Key': { ref: 'id', arn: (r, a, n) => `arn:aws:kms:${r}:${a}:key/${n}` },
  'AWS::IAM::Role': { prop: 'RoleName', ref: 'name', arn: (_r, a, n) => `arn:aws:iam::${a}:role/${n}` },
  'AWS::IAM::ManagedPolicy': { prop: 'ManagedPolicyName', ref: 'arn', arn: (_r, a, n) => `arn:aws:iam::${a}:policy/${n}` },
  'AWS::Lambda::Function': { prop: 'FunctionName', ref: 'name', arn: (r, a, n) => `arn:aws:lambda:${r}:${a}:function:${n}` },
  'AWS::Events::Rule': { prop: 'Name', ref: 'name', arn: (r, a, n) => `arn:aws:events:${r}:${a}:rule/${n}` },
  'AWS::Scheduler::Schedule': { prop: 'Name', ref: 'name', arn: (r, a, n) => `arn:aws:scheduler:${r}:${a}:schedule/default/${n}` },
  'AWS::Logs::LogGroup': { prop: 'LogGroupName', ref: 'name', arn: (r, a, n) => `arn:aws:logs:${r}:${a}:log-group:${n}:*` },
  'AWS::DynamoDB::Table': { prop: 'TableName', ref: 'name', arn: (r, a, n) => `arn:aws:dynamodb:${r}:${a}:table/${n}` },
  'AWS::SecretsManager::Secret': { prop: 'Name', ref: 'arn', arn: (r, a, n) => `arn:aws:secretsmanager:${r}:${a}:secret:${n}-AbCdEf` },
  'AWS::CloudWatch::Alarm': { prop: 'AlarmName', ref: 'name', arn: (r, a, n) => `arn:aws:cloudwatch:${r}:${a}:alarm:${n}` },
  'AWS::CloudWatch::CompositeAlarm': { prop: 'AlarmName', ref: 'name', arn: (r, a, n) => `arn:aws:cloudwatch:${r}:${a}:alarm:${n}` },
  'AWS::CloudWatch::InsightRule': { prop: 'RuleName', ref: 'name', arn: (r, a, n) => `arn:aws:cloudwatch:${r}:${a}:insight-rule/${n}` },
  'AWS::Chatbot::SlackChannelConfiguration': { prop: 'ConfigurationName', ref: 'arn', arn: (_r, a, n) => `arn:aws:chatbot::${a}:chat-configuration/slack-channel/${n}` },
};

const NO_VALUE = Symbol('AWS::NoValue');

export class Deployment {
  readonly stacks: readonly StackTemplate[];
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();

  constructor(stacks: readonly StackTemplate[]) {
    this.stacks = stacks;
    for (const stack of stacks) {
      for (const out of Object.values<any>(stack.template.Outputs ?? {})) {
        if (out.Export?.Name) this.exports.set(this.resolve(stack, out.Export.Name) as string, { stack, value: out.Value });
      }
    }
  }

  /** Every resource of the deployment, optionally of one type. */
  resources(type?: string): ResourceRef[] {
    const out: ResourceRef[] = [];
    for (const stack of this.stacks) {
      for (const [logicalId, r] of Object.entries<any>(stack.template.Resources ?? {})) {
        if (!type || r.Type === type) out.push({ stack, logicalId, type: r.Type, properties: r.Properties ?? {} });
      }
    }
    return out;
  }

  /** Resolved properties of a resource. */
  props(r: ResourceRef): any {
    return this.resolve(r.stack, r.properties);
  }

  physicalName(r: ResourceRef): string {
    const prop = NAMES[r.type]?.prop;
    const given = prop ? this.resolve(r.stack, r.properties[prop]) : undefined;
    return typeof given === 'string' ? given : `${r.stack.stackName}-${r.logicalId}`;
  }

  arnOf(r: ResourceRef): string {
    const shape = NAMES[r.type];
    if (!shape) return `arn:aws:${r.type.split('::')[1].toLowerCase()}:${r.stack.region}:${r.stack.account}:${r.logicalId}`;
    return shape.arn(r.stack.region, r.stack.account, this.physicalName(r));
  }

  /** The resource whose ARN (or queue URL, name) is `value`, in any stack. */
  findByArn(arn: string): ResourceRef | undefined {
    return this.resources().find((r) => NAMES[r.type] && (this.arnOf(r) === arn || this.refOf(r) === arn));
  }

  refOf(r: ResourceRef): string {
    const shape = NAMES[r.type];
    switch (shape?.ref) {
      case 'arn':
        return this.arnOf(r);
      case 'url':
        return `https://sqs.${r.stack.region}.amazonaws.com/${r.stack.account}/${this.physicalName(r)}`;
      case 'name':
        return this.physicalName(r);
      default:
        return this.physicalName(r);
    }
  }

  private resource(stack: StackTemplate, logicalId: string): ResourceRef {
    const r = stack.template.Resources?.[logicalId];
    if (!r) throw new Error(`${stack.stackName}: no resource ${logicalId}`);
    return { stack, logicalId, type: r.Type, properties: r.Properties ?? {} };
  }

  private getAtt(stack: StackTemplate, logicalId: string, attr: string): string {
    const r = this.resource(stack, logicalId);
    if (attr === 'Arn' || attr.endsWith('Arn')) return this.arnOf(r);
    if (attr === 'QueueName' || attr === 'TopicName' || attr === 'Name') return this.physicalName(r);
    if (attr === 'KeyId') return this.physicalName(r);
    if (attr === 'QueueUrl') return this.refOf(r);
    return `${this.physicalName(r)}.${attr}`;
  }

  private pseudo(stack: StackTemplate, name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return stack.account;
      case 'AWS::Region':
        return stack.region;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  private ref(stack: StackTemplate, name: string): unknown {
    const p = this.pseudo(stack, name);
    if (p !== undefined) return p;
    const param = stack.template.Parameters?.[name];
    if (param) return param.Default;
    return this.refOf(this.resource(stack, name));
  }

  private condition(stack: StackTemplate, name: string): boolean {
    return Boolean(this.resolve(stack, stack.template.Conditions?.[name]));
  }

  private sub(stack: StackTemplate, text: string, vars: Record<string, unknown>): string {
    return text.replace(/\$\{([^}]+)\}/g, (_m, expr: string) => {
      if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
      if (expr in vars) return String(this.resolve(stack, vars[expr]));
      if (expr.includes('.') && !expr.startsWith('AWS::')) {
        const [id, ...attr] = expr.split('.');
        return this.getAtt(stack, id, attr.join('.'));
      }
      return String(this.ref(stack, expr));
    });
  }

  /** Resolves every intrinsic in `value` (deeply) in the context of `stack`. */
  resolve(stack: StackTemplate, value: unknown): any {
    const out = this.resolveInner(stack, value);
    return out === NO_VALUE ? undefined : out;
  }

  private resolveInner(stack: StackTemplate, value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.resolveInner(stack, v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, any>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = obj[k];
      switch (k) {
        case 'Ref':
          return this.ref(stack, arg);
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
          return this.getAtt(stack, id, attr);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg;
          return (this.resolveInner(stack, parts) as unknown[]).join(sep);
        }
        case 'Fn::Sub':
          return Array.isArray(arg) ? this.sub(stack, arg[0], arg[1] ?? {}) : this.sub(stack, arg, {});
        case 'Fn::Select':
          return (this.resolveInner(stack, arg[1]) as unknown[])[Number(this.resolveInner(stack, arg[0]))];
        case 'Fn::Split':
          return String(this.resolveInner(stack, arg[1])).split(arg[0]);
        case 'Fn::ImportValue': {
          const name = this.resolveInner(stack, arg);
          const exp = this.exports.get(name);
          if (!exp) throw new Error(`${stack.stackName}: no stack exports ${name}`);
          return this.resolveInner(exp.stack, exp.value);
        }
        case 'Fn::If':
          return this.condition(stack, arg[0]) ? this.resolveInner(stack, arg[1]) : this.resolveInner(stack, arg[2]);
        case 'Fn::Equals':
          return JSON.stringify(this.resolveInner(stack, arg[0])) === JSON.stringify(this.resolveInner(stack, arg[1]));
        case 'Fn::Not':
          return !this.resolveInner(stack, arg[0]);
        case 'Fn::And':
          return arg.every((a: unknown) => this.resolveInner(stack, a));
        case 'Fn::Or':
          return arg.some((a: unknown) => this.resolveInner(stack, a));
        case 'Condition':
          return this.condition(stack, arg);
        default:
          break;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const r = this.resolveInner(stack, v);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
}
