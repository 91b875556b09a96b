/**
 * Lambda refuses a function whose environment variables, measured as one JSON object, are over
 * 4 KB, and only when CloudFormation deploys it (LAMBDA.maxEnvironmentBytes). Every product
 * function is measured at synthesis with each reference at its longest value
 * (lib/lambda/environment-size.ts): here with the example configs, with a config at the longest
 * of every field that reaches an environment, and with a function that is over the limit.
 */
import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DYNAMODB, LAMBDA, SECRETS_MANAGER, SNS_TOPICS } from '../../lib/aws-facts';
import { loadConfigFile } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { environmentSize } from '../../lib/lambda/environment-size';
import { ProductFunction } from '../../lib/lambda/product-function';
import { apiShape } from '../support/api-models';
import { resourceSchema } from '../support/resource-schemas';
import { buildApp, exampleConfigFiles, newTestApp } from '../support/synth';

/** Each product function of a built app with its environment measured. */
function measured(app: ReturnType<typeof newTestApp>) {
  return app.node
    .findAll()
    .filter((c): c is ProductFunction => c instanceof ProductFunction)
    .map((fn) => {
      const stack = Stack.of(fn);
      const env = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
      const variables = env?.variables ?? {};
      return { path: fn.node.path, variables, size: environmentSize(stack, variables) };
    });
}

describe("a product function's environment is held to Lambda's 4 KB at synthesis", () => {
  it('a function that would be over the limit once its table name is filled in fails synthesis, naming it', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Over', { env: { account: '111122223333', region: 'us-east-1' } });
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'k', type: dynamodb.AttributeType.STRING } });
    // As written (the Ref object, 20-odd characters) this is under 4,096 bytes; with the longest
    // table name DynamoDB allows it is over.
    const literal = 'x'.repeat(LAMBDA.maxEnvironmentBytes - DYNAMODB.maxTableNameLength);
    new ProductFunction(stack, 'Fn', { lambdaDir: 'license-reporter', environment: { LITERAL: literal, TABLE: table.tableName } });
    expect(() => app.synth()).toThrow(/the environment of Over\/Fn can take 4\d{3} bytes as Lambda measures it .*over Lambda's 4096 .*largest: LITERAL \d+, TABLE 2\d\d/s);
  });

  it('a reference of a kind with no known bound fails synthesis, saying where to add one', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Unbounded', { env: { account: '111122223333', region: 'us-east-1' } });
    const other = new lambda.Function(stack, 'Other', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1') });
    new ProductFunction(stack, 'Fn', { lambdaDir: 'license-reporter', environment: { OTHER: other.functionArn } });
    expect(() => app.synth()).toThrow(/the environment of Unbounded\/Fn reads .*Other.*whose longest value is not known \(lib\/lambda\/environment-size.ts\)/s);
  });

  it('a literal environment measures as its JSON, and each reference at its longest', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Measure', { env: { account: '111122223333', region: 'us-east-1' } });
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'k', type: dynamodb.AttributeType.STRING } });
    const literal = { A: 'é"\\', B: '' };
    expect(environmentSize(stack, literal).bytes).toBe(Buffer.byteLength(JSON.stringify(literal)));
    const withTable = environmentSize(stack, stack.resolve({ T: table.tableName, J: `${table.tableName}/${stack.account}` }));
    expect(withTable).toEqual({
      bytes: JSON.stringify({ T: '', J: '/111122223333' }).length + 2 * DYNAMODB.maxTableNameLength,
      largest: [
        { name: 'J', bytes: 6 + DYNAMODB.maxTableNameLength + 13 },
        { name: 'T', bytes: 6 + DYNAMODB.maxTableNameLength },
      ],
      unbounded: [],
    });
  });

  it.each(exampleConfigFiles().map((f) => [f.replace(/.*\//, '')]))('every product function of %s is bounded and under the limit', (name) => {
    const file = exampleConfigFiles().find((f) => f.endsWith(`/${name}`))!;
    const { app } = buildApp(loadConfigFile(file) as unknown as RawConfig);
    const fns = measured(app);
    expect(fns.length).toBeGreaterThan(0);
    for (const f of fns) {
      expect({ path: f.path, unbounded: f.size.unbounded }).toEqual({ path: f.path, unbounded: [] });
      expect({ path: f.path, over: f.size.bytes > LAMBDA.maxEnvironmentBytes }).toEqual({ path: f.path, over: false });
    }
  });

  it('a config at the longest of every field that reaches an environment synthesizes, and its largest environment is measured', () => {
    const name = (n: number) => 't'.repeat(n);
    const topic = (region: string, tag: string) => `arn:aws:sns:${region}:111122223333:${tag}${name(SNS_TOPICS.maxNameLength - tag.length)}`;
    const secret = `arn:aws:secretsmanager:us-east-1:111122223333:secret:${'s'.repeat(SECRETS_MANAGER.maxNameLength)}-AbCdEf`;
    const config = {
      prefix: `p${'x'.repeat(23)}`,
      hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
      alerts: {
        critical: { topicArns: [topic('us-east-1', 'c'), topic('eu-west-1', 'c')] },
        warning: { topicArns: [topic('us-east-1', 'w'), topic('eu-west-1', 'w')] },
        sms: ['+14155550100'],
        slack: { webhook: { secretArn: secret } },
      },
      dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', zoneId: 'Z0123456789ABCDEFGHIJ', regions: ['us-east-1', 'eu-west-1'], expect: { rcode: 'NOERROR' } }],
      changeAudit: {},
      license: { licenseId: 'lic_0123456789abcdef', keySecretArn: secret },
    } as unknown as RawConfig;
    const { app } = buildApp(config, { configFile: `config/${'c'.repeat(200 - 'config/.yaml'.length)}.yaml` });
    app.synth(); // each function's validation runs here
    const fns = measured(app);
    const reporter = fns.find((f) => f.path.endsWith('DnsCheckReporter/Function'))!;
    expect(String(reporter.variables.RECHECK_CONFIG_FILE)).toHaveLength(200);
    const largest = Math.max(...fns.map((f) => f.size.bytes));
    // The Slack notifier carries the secret's ARN and two queue URLs and a table name at their longest.
    const notifier = fns.find((f) => f.path.includes('SlackNotifier'))!;
    expect(notifier.size.bytes).toBe(largest);
    expect(notifier.size.bytes).toBeGreaterThan(secret.length + DYNAMODB.maxTableNameLength);
    expect(largest).toBeLessThanOrEqual(LAMBDA.maxEnvironmentBytes);
  });

  it("the bounds are the APIs' (botocore's models) and CloudFormation's (cfn-lint's registry schemas)", () => {
    expect(apiShape('dynamodb', 'TableName').max).toBe(DYNAMODB.maxTableNameLength);
    expect(apiShape('secretsmanager', 'NameType').max).toBe(SECRETS_MANAGER.maxNameLength);
    expect(resourceSchema('AWS::SecretsManager::Secret').properties.Name.maxLength).toBe(SECRETS_MANAGER.maxNameLength);
    expect(resourceSchema('AWS::SNS::Topic').properties.TopicName.maxLength).toBe(SNS_TOPICS.maxNameLength);
    expect(SNS_TOPICS.namePattern).toContain(`{1,${SNS_TOPICS.maxNameLength}}`);
  });
});
