/**
 * The most bytes a function's environment variables can take once CloudFormation has filled in
 * its references, measured as Lambda measures them (one JSON object: LAMBDA.maxEnvironmentBytes in
 * lib/aws-facts.ts). A literal counts as written; a reference counts at the longest value it can
 * give (a queue URL with an 80-character name, a 255-character table name, …: the AWS facts beside
 * each bound). A reference of a kind not listed here has no known bound and is named, so that a new
 * kind of variable is bounded before it ships rather than measured at deploy time.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CLOUDFORMATION, DYNAMODB, SECRETS_MANAGER, SNS_TOPICS, SQS } from '../aws-facts';

const P = CLOUDFORMATION.pseudoParameterMaxLength;
const ACCOUNT = P['AWS::AccountId'];
const REGION = P['AWS::Region'];
const PARTITION = P['AWS::Partition'];
/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:` */
const arnHead = (service: string) => 'arn:'.length + PARTITION + 1 + service.length + 1 + REGION + 1 + ACCOUNT + 1;

/** The longest value `Ref` gives for a resource of each type the product's functions read. */
const REF_MAX: Readonly<Record<string, number>> = {
  // https://sqs.REGION.URL-SUFFIX/ACCOUNT/NAME
  'AWS::SQS::Queue': 'https://sqs.'.length + REGION + 1 + P['AWS::URLSuffix'] + 1 + ACCOUNT + 1 + SQS.maxQueueNameLength,
  'AWS::DynamoDB::Table': DYNAMODB.maxTableNameLength,
  'AWS::SecretsManager::Secret': arnHead('secretsmanager') + 'secret:'.length + SECRETS_MANAGER.maxNameLength + SECRETS_MANAGER.arnSuffixLength,
  'AWS::SNS::Topic': arnHead('sns') + SNS_TOPICS.maxNameLength,
};

export interface EnvironmentSize {
  /** Bytes of the variables as one JSON object, each reference at its longest. */
  readonly bytes: number;
  /** The same, variable by variable (name and value with their JSON quotes), largest first. */
  readonly largest: readonly { readonly name: string; readonly bytes: number }[];
  /** References no bound is known for (their value is not counted). */
  readonly unbounded: readonly string[];
}

/**
 * The environment's size at its largest. `variables` is the resolved `Environment.Variables` of an
 * AWS::Lambda::Function in `stack` (strings, and CloudFormation's intrinsic functions).
 */
export function environmentSize(stack: Stack, variables: Readonly<Record<string, unknown>>): EnvironmentSize {
  const unbounded: string[] = [];
  const typeOf = resourceTypes(stack);
  /** The value with every reference replaced by as many characters as it can give at most. */
  const longest = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const [fn, arg] = Object.entries(v)[0] ?? [];
      if (fn === 'Ref' && typeof arg === 'string') {
        const max = P[arg] ?? REF_MAX[typeOf.get(arg) ?? ''];
        if (max !== undefined) return 'x'.repeat(max);
        unbounded.push(`Ref ${arg}${typeOf.has(arg) ? ` (${typeOf.get(arg)})` : ''}`);
        return '';
      }
      if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
        return (arg[1] as unknown[]).map(longest).join(arg[0]);
      }
    }
    unbounded.push(JSON.stringify(v));
    return '';
  };
  const filled = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, longest(value)]));
  const largest = Object.entries(filled)
    .map(([name, value]) => ({ name, bytes: Buffer.byteLength(JSON.stringify({ [name]: value })) - 2 }))
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: Buffer.byteLength(JSON.stringify(filled)), largest, unbounded };
}

/** The stack's resources by logical id: their CloudFormation types. */
function resourceTypes(stack: Stack): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of stack.node.findAll()) if (CfnResource.isCfnResource(c)) out.set(stack.getLogicalId(c), c.cfnResourceType);
  return out;
}
