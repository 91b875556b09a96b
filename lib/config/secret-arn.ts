/**
 * A Secrets Manager secret's ARN as the config takes it (the Slack webhook's and the license
 * key's): `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX`, whose name holds only
 * the characters CreateSecret takes and at most SECRETS_MANAGER.maxNameLength of them, followed by
 * the hyphen and six random characters Secrets Manager adds (lib/aws-facts.ts). A longer one names
 * no secret, and would reach the Slack notifier's environment (Lambda's 4 KB).
 */
import { z } from 'zod';
import { SECRETS_MANAGER } from '../aws-facts';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:([A-Za-z0-9/_+=.@-]+)$/;
const MAX_NAME_AND_SUFFIX = SECRETS_MANAGER.maxNameLength + SECRETS_MANAGER.arnSuffixLength;

/** The schema of a secret ARN field; `notAnArn` is the field's own message for a string of another form. */
export function secretArnSchema(notAnArn: string) {
  return z
    .string()
    .regex(SECRET_ARN, notAnArn)
    .refine(
      (arn) => (SECRET_ARN.exec(arn)?.[1].length ?? 0) <= MAX_NAME_AND_SUFFIX,
      `is longer than a Secrets Manager secret ARN can be (a name of at most ${SECRETS_MANAGER.maxNameLength} characters, then - and ${SECRETS_MANAGER.arnSuffixLength - 1} random ones) — copy the secret's ARN from the Secrets Manager console`,
    );
}
