import { CfnElement, CfnResource, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logicalIdOf } from '../app/nag-ids';
import { LAMBDA, PRODUCT_NODE_RUNTIME } from '../aws-facts';
import { environmentSize } from './environment-size';
import { PACKAGE_ROOT } from '../package-root';

export interface ProductFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'bundling' | 'logGroup'> {
  /** Folder name under `lambdas/` (its `index.ts` is the entry point). */
  readonly lambdaDir: string;
  /** Days to keep the function's logs (low volume: operational messages only). @default 1 year */
  readonly logRetentionDays?: logs.RetentionDays;
  /**
   * A fixed log group name (when other stacks or regions must name it), deleted with the stack so
   * a redeploy never collides with a retained group of the same name. @default generated, retained
   */
  readonly logGroupName?: string;
}

/**
 * How every product function is bundled (esbuild options), in one place: CDK's bundling below, the
 * handler-bundle test and `npm run bench:lambdas` read it. ESM bundles that contain CommonJS
 * dependencies need the `require` shim; the AWS SDK v3 stays external (the Lambda Node.js runtime has it).
 */
export const BUNDLE = {
  target: `node${PRODUCT_NODE_RUNTIME.major}` as const,
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
} as const;

/** aws-cdk-lib's runtime of PRODUCT_NODE_RUNTIME (its identifier is what the template says). */
function productRuntime(): lambda.Runtime {
  // Not NODEJS_LATEST, which aws-cdk-lib lists under the same name but marks "variable" (and then
  // warns at every synthesis that the version may change): the product pins its runtime.
  const runtime = lambda.Runtime.ALL.find((r) => r.name === PRODUCT_NODE_RUNTIME.identifier && !r.isVariable);
  if (!runtime) throw new Error(`aws-cdk-lib does not know the Lambda runtime ${PRODUCT_NODE_RUNTIME.identifier}: upgrade aws-cdk-lib`);
  return runtime;
}

const DAY_MS = 86_400_000;
/** How long before Lambda deprecates the product's runtime synthesis starts warning. */
const RUNTIME_WARNING_DAYS = 183;

/**
 * The synthesis warning when the product's Lambda runtime nears its end at Lambda (from
 * RUNTIME_WARNING_DAYS before the deprecation) or is past the day Lambda stops updating its
 * functions; undefined before that. A product version stays deployed for years: this tells the
 * customer to upgrade it before a deploy fails.
 */
export function runtimeDeprecationMessage(now: Date): string | undefined {
  const r = PRODUCT_NODE_RUNTIME;
  const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  if (now.getTime() >= at(r.blockUpdate)) {
    return `product functions run ${r.identifier}, whose functions Lambda has refused to update since ${r.blockUpdate}: a deploy that changes one fails — upgrade the product (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html)`;
  }
  if (now.getTime() >= at(r.deprecation) - RUNTIME_WARNING_DAYS * DAY_MS) {
    return `product functions run ${r.identifier}, which Lambda deprecates on ${r.deprecation} and stops updating on ${r.blockUpdate}: upgrade the product before then (a newer version moves every function to a newer runtime)`;
  }
  return undefined;
}

export const RUNTIME_DEPRECATION_WARNING = '@codreum/dns-monitor:lambda-runtime-deprecation';

/** esbuild BuildOptions for a product function's entry point (tests, benchmarks). */
export function esbuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourcemap,
    mainFields: [...BUNDLE.mainFields],
    external: [...BUNDLE.external],
    banner: { js: BUNDLE.banner },
    outfile,
    logLevel: 'error' as const,
  };
}

/** Repository root (where `lambdas/` lives), resolved from this file's location. */
export const REPO_ROOT = PACKAGE_ROOT;

/**
 * The lock file NodejsFunction hashes and reads the package manager from: the repository's
 * package-lock.json; an installed package has none (npm never packs it), so its package.json
 * stands in (bundling is local, so no install step reads it).
 */
const DEPS_LOCK_FILE = fs.existsSync(path.join(REPO_ROOT, 'package-lock.json')) ? path.join(REPO_ROOT, 'package-lock.json') : path.join(REPO_ROOT, 'package.json');

/**
 * A Lambda function as every function in this product is built: PRODUCT_NODE_RUNTIME on arm64, bundled by
 * the locally installed esbuild (never Docker), minified ESM, with its own log group whose
 * retention is set and which is retained when the stack is deleted.
 */
export class ProductFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    const { lambdaDir, logRetentionDays, logGroupName, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      logGroupName,
      retention: logRetentionDays ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: logGroupName ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(30),
      ...rest,
      entry: path.join(REPO_ROOT, 'lambdas', lambdaDir, 'index.ts'),
      depsLockFilePath: DEPS_LOCK_FILE,
      projectRoot: REPO_ROOT,
      runtime: productRuntime(),
      architecture: lambda.Architecture.ARM_64,
      logGroup,
      bundling: {
        forceDockerBundling: false,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourcemap,
        target: BUNDLE.target,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLE.mainFields],
        banner: BUNDLE.banner,
        externalModules: [...BUNDLE.external],
      },
    });
    this.node.addValidation({ validate: () => environmentProblems(this) });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: `Every product function pins ${PRODUCT_NODE_RUNTIME.identifier} (Lambda deprecates it on ${PRODUCT_NODE_RUNTIME.deprecation}), the supported Node.js runtime with the latest deprecation date; runtime upgrades are made product-wide in lib/aws-facts.ts.`,
      },
      {
        id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
        reason: 'Product functions reach only AWS APIs and, for the Slack notifier and license reporter, one HTTPS endpoint; a VPC would need a NAT gateway in every customer account. None can read logs or metric data.',
      },
    );
    Validations.of(logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: 'Function logs hold operational messages only (no DNS query data, no secrets); CloudWatch Logs encrypts them at rest with its default encryption.',
    });
  }
}

/**
 * Lambda refuses a function whose environment is over 4 KB (LAMBDA.maxEnvironmentBytes), and only
 * at deploy time: each product function's is measured at synthesis, references at their longest
 * (lib/lambda/environment-size.ts).
 */
function environmentProblems(fn: lambda.Function): string[] {
  const stack = Stack.of(fn);
  const env = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
  const size = environmentSize(stack, env?.variables ?? {});
  const problems = size.unbounded.map(
    (ref) => `the environment of ${fn.node.path} reads ${ref}, whose longest value is not known (lib/lambda/environment-size.ts): give it a bound there, so that Lambda's ${LAMBDA.maxEnvironmentBytes}-byte limit is checked before a deploy`,
  );
  if (size.bytes > LAMBDA.maxEnvironmentBytes) {
    const top = size.largest.slice(0, 3).map((v) => `${v.name} ${v.bytes}`).join(', ');
    problems.push(
      `the environment of ${fn.node.path} can take ${size.bytes} bytes as Lambda measures it (the variables as one JSON object, each reference at its longest value), over Lambda's ${LAMBDA.maxEnvironmentBytes} (LAMBDA.maxEnvironmentBytes in lib/aws-facts.ts): the deploy would fail at this function — largest: ${top}`,
    );
  }
  return problems;
}

/**
 * lambda.Function makes its resource depend on the whole role construct, so the template lists the
 * role itself in DependsOn although `Role: !GetAtt` already orders it; cfn-lint 1.x flags that
 * (W3005). Keep only the dependency that matters: the role's inline policy, which must exist
 * before the function runs (the deploy check is invoked during the same deployment).
 */
export function dropRedundantRoleDependency(fn: lambda.Function, role: iam.IRole): void {
  const cfnFn = fn.node.defaultChild as CfnResource;
  cfnFn.addOverride(
    'DependsOn',
    Lazy.list({
      produce: () => {
        const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnElement | undefined;
        return policy ? [Stack.of(fn).getLogicalId(policy)] : [];
      },
    }),
  );
}

/**
 * Lets `role` write the function's own log group and nothing else (no AWSLambdaBasicExecutionRole,
 * which allows logs:CreateLogGroup on *). Stream names are Lambda's, hence the stream wildcard.
 */
export function grantWriteOwnLogs(fn: ProductFunction, role: iam.Role): void {
  const arn = fn.logGroup.logGroupArn;
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [arn, `${arn}:log-stream:*`] }));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.logGroup)}.Arn>:log-stream:*]`,
    reason: "Log stream names are generated by Lambda at run time; the wildcard covers only streams of the function's own log group.",
  });
}

/**
 * The role EventBridge Scheduler assumes to invoke one product function on a schedule (`SchedulerRole`
 * in `scope`), trusted by scheduler.amazonaws.com for this account only (`aws:SourceAccount`). The
 * schedule's LambdaInvoke target grants it that function and its versions, nothing else.
 * @param what the function as the role's description names it, e.g. `the DNS Monitor prober`
 * @param short the function in cdk-nag's acknowledgement, e.g. `prober`
 */
export function schedulerInvokeRole(scope: Construct, fn: lambda.IFunction, what: string, short: string): iam.Role {
  const role = new iam.Role(scope, 'SchedulerRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
    description: `Lets EventBridge Scheduler invoke ${what}, nothing else`,
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
    reason: `The scheduler target grant covers the ${short} function and its versions (function ARN with :*); it allows nothing else.`,
  });
  return role;
}
