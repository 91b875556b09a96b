/**
 * The commands docs/slack.md and docs/licensing.md give to put the webhook URL and the license key
 * in their secrets, read from the pages and run by bash and the real AWS CLI of .venv (version 1)
 * against moto; what they store is then read by the handlers' own readers. AWS CLI version 1 takes
 * a parameter value that starts with `https://` for a URL to fetch (and would store the answer), so
 * a command giving the bare webhook URL fails here (the fetch goes to a closed loopback port).
 */
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLicenseKey } from '../../lambdas/license-reporter/secret';
import { parseWebhookSecret } from '../../lambdas/slack-notifier/webhook-url';
import { SECRET_PLACEHOLDER } from '../../contracts/secret-placeholders';
import { runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { REPO } from '../support/synth';

let moto: MotoServer;
let sm: SecretsManagerClient;
beforeAll(async () => {
  moto = await startMoto();
  sm = new SecretsManagerClient(moto.clientConfig('us-east-1'));
}, 60_000);
afterAll(() => moto?.stop());

/** The page's one command that runs `aws secretsmanager put-secret-value` (its continuation lines joined). */
function putSecretCommand(page: string): string {
  const text = fs.readFileSync(path.join(REPO, 'docs', page), 'utf8');
  const commands = [...text.matchAll(/^ *(aws secretsmanager put-secret-value(?:[^\n]*\\\n)*[^\n]*)$/gm)].map((m) => m[1]);
  expect(commands).toHaveLength(1);
  return commands[0];
}

const stored = async (id: string) => (await sm.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;

describe('the commands the docs give to store a secret', () => {
  it('docs/slack.md: the webhook URL is stored as given, and the notifier reads it', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'acme-prod/slack-webhook-url', SecretString: '{"placeholder":"k3Jd9"}' }));
    runWithAwsCli(moto, putSecretCommand('slack.md'));
    expect(parseWebhookSecret(await stored('acme-prod/slack-webhook-url'))).toBe('https://hooks.slack.com/services/T000/B000/XXXXXXXX');
  });

  it('docs/licensing.md: the key is stored as given, and the license reporter reads it', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'acme-prod/license', SecretString: '{"generated":"x"}' }));
    const command = putSecretCommand('licensing.md').replace('<primary region>', 'us-east-1').replace('<prefix>', 'acme-prod');
    // Pasted with the key's placeholder left in (the one doctor's fix and the stack output use): the reporter says the key is not set.
    expect(command).toContain(SECRET_PLACEHOLDER.license);
    runWithAwsCli(moto, command);
    const leftIn = await stored('acme-prod/license');
    expect(() => parseLicenseKey(leftIn)).toThrow(expect.objectContaining({ errorClass: 'key-not-set' }));
    const filled = command.replace(SECRET_PLACEHOLDER.license, 'lk_0123456789');
    expect(filled).not.toMatch(/<[^<>]*>/);
    runWithAwsCli(moto, filled);
    expect(parseLicenseKey(await stored('acme-prod/license'))).toBe('lk_0123456789');
  });
});
