/**
 * The Lambda handlers' AWS clients give up on a stalled connection in seconds. The AWS SDK's own
 * defaults hold a silent connection for 5 or 15 minutes, or for good (by client release), longer
 * than any of the functions' timeouts: a call stuck on one (a connection kept alive across a frozen
 * execution environment, a broken path) made the function time out with its work undone (an alert
 * not published, results not sent) and wait for a retry, when a second attempt on a new connection
 * would have gone through at once.
 *
 * Every client a handler makes is given one of the handlers' client settings
 * (lambdas/shared/aws-clients.ts, or the prober's Route 53 reader's), read from the source; and each
 * client package the handlers use, given those settings, gets through a first call that a relay on
 * 127.0.0.1 takes and never answers: the SDK drops it and sends it again to moto server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListDomainsCommand, Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INVOKE_CLIENT_CONFIG, QUICK_CALL_CLIENT_CONFIG } from '../../lambdas/shared/aws-clients';
import { startMoto, type MotoServer } from '../support/moto';
import { REPO } from '../support/synth';
import { scriptedRelay } from '../support/throttling-relay';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The settings a handler's client may be made with: the shared ones, or the prober's Route 53 reader's (zone-servers.ts). */
const SETTINGS = ['QUICK_CALL_CLIENT_CONFIG', 'INVOKE_CLIENT_CONFIG', 'route53ReaderConfig'];

describe("the handlers' AWS clients", () => {
  it('are each made with the handlers\' client settings', () => {
    const made = sources('lambdas').flatMap((f) => {
      const text = fs.readFileSync(path.join(REPO, f), 'utf8');
      // `new XxxClient(...)`, or `new m.XxxClient(...)` of a module imported on first use: the rest of that line.
      return [...text.matchAll(/new ([\w.]*Client)\(([^\n]*)/g)].map((m) => ({ at: `${f}: ${m[1]}`, args: m[2] }));
    });
    expect(made.length).toBeGreaterThanOrEqual(12);
    expect(made.filter((c) => !SETTINGS.some((s) => c.args.includes(s))).map((c) => c.at)).toEqual([]);
  });

  it('give up on a connection in seconds: two seconds to connect, two of silence (an invocation waits for its answer)', () => {
    expect(QUICK_CALL_CLIENT_CONFIG.requestHandler).toEqual({ connectionTimeout: 2_000, socketTimeout: 2_000 });
    // A synchronous invocation (the reporter asking a prober) is silent until the function answers: connecting only.
    expect(INVOKE_CLIENT_CONFIG.requestHandler).toEqual({ connectionTimeout: 2_000 });
  });
});

describe('each client package the handlers use, with those settings', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(() => moto?.stop());

  const calls: [string, (endpoint: string) => Promise<unknown>][] = [
    ['SNS', (endpoint) => new SNSClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListTopicsCommand({}))],
    ['DynamoDB', (endpoint) => new DynamoDBClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListTablesCommand({}))],
    ['CloudWatch', (endpoint) => new CloudWatchClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListMetricsCommand({}))],
    ['EventBridge Scheduler', (endpoint) => new SchedulerClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListSchedulesCommand({}))],
    ['Secrets Manager', (endpoint) => new SecretsManagerClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListSecretsCommand({}))],
    ['SQS', (endpoint) => new SQSClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListQueuesCommand({}))],
    ['Route 53 Domains', (endpoint) => new Route53DomainsClient({ ...moto.clientConfig(), ...QUICK_CALL_CLIENT_CONFIG, endpoint }).send(new ListDomainsCommand({}))],
  ];

  it.each(calls)('%s: a first call left unanswered is sent again on a new connection and answered', async (_name, call) => {
    const relay = scriptedRelay(moto.endpoint, (n) => (n === 0 ? 'stall' : 'forward'));
    const endpoint = await relay.start();
    try {
      await expect(call(endpoint)).resolves.toBeDefined();
      expect(relay.counts).toEqual({ stall: 1, forward: 1, error: 0 });
    } finally {
      await relay.stop();
    }
  }, 30_000);
});
