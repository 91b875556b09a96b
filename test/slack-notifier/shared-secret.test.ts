/**
 * The deployment's one Slack webhook secret lives in the primary region; notifiers elsewhere read
 * it by its partial ARN in that region (moto server, real SDK, the handler's own reader).
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { webhookUrlFromSecret } from '../../lambdas/slack-notifier/webhook-url';
import { secretRegionOf } from '../../lambdas/shared/secrets-client';
import { startMoto, type MotoServer } from '../support/moto';

const URL = 'https://hooks.slack.com/services/T000/B000/SHAREDSECRET';
let moto: MotoServer;
let partialArn: string;

beforeAll(async () => {
  moto = await startMoto();
  const created = await new SecretsManagerClient(moto.clientConfig('us-east-1')).send(new CreateSecretCommand({ Name: 'acme/slack-webhook-url', SecretString: URL }));
  // What the other regions' notifiers are given: the ARN without its random suffix.
  partialArn = created.ARN!.replace(/-[A-Za-z0-9]{6}$/, '');
  expect(partialArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:acme\/slack-webhook-url$/);
});
afterAll(() => moto?.stop());

describe('reading the shared webhook secret from another region', () => {
  it('takes the region from the ARN', () => {
    expect(secretRegionOf(partialArn)).toBe('us-east-1');
    expect(secretRegionOf('acme/slack-webhook-url')).toBeUndefined();
  });

  it('reads the URL with a client in the secret\'s region (as the handler builds it)', async () => {
    const client = new SecretsManagerClient({ ...moto.clientConfig('eu-west-1'), region: secretRegionOf(partialArn) });
    await expect(webhookUrlFromSecret(new SecretsProvider({ awsSdkV3Client: client }), partialArn, 0)()).resolves.toBe(URL);
  });

  it('would not find it with a client of the notifier\'s own region (why the region matters)', async () => {
    const client = new SecretsManagerClient(moto.clientConfig('eu-west-1'));
    await expect(webhookUrlFromSecret(new SecretsProvider({ awsSdkV3Client: client }), 'acme/slack-webhook-url', 0)()).rejects.toThrow();
  });
});
