import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import * as path from 'node:path';

export interface ProductFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'bundling' | 'logGroup'> {
  /** Folder name under `lambdas/` (its `index.ts` is the entry point). */
  readonly lambdaDir: string;
  /** Days to keep the function's logs. @default 30 */
  readonly logRetentionDays?: logs.RetentionDays;
}

/** Repository root (where `lambdas/` lives), resolved from this file's location. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * A Lambda function as every function in this product is built: Node.js 22 on arm64, bundled by
 * the locally installed esbuild (never Docker), minified ESM, with its own log group whose
 * retention is set and which is retained when the stack is deleted.
 */
export class ProductFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    const { lambdaDir, logRetentionDays, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetentionDays ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(30),
      ...rest,
      entry: path.join(REPO_ROOT, 'lambdas', lambdaDir, 'index.ts'),
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      projectRoot: REPO_ROOT,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      logGroup,
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: false,
        target: 'node22',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        // ESM bundles that contain CommonJS dependencies need a `require` shim.
        banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
        // The AWS SDK v3 stays external: the Node.js 22 runtime provides it.
        externalModules: ['@aws-sdk/*'],
      },
    });
  }
}
