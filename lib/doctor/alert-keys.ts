/**
 * doctor's `alert-keys` check: the KMS keys the deployment's alert topics are encrypted with (each
 * region's alert key, which the app creates, and the keys of the config's existing topics). SNS
 * encrypts every message with its topic's key and refuses to publish when the key is disabled,
 * pending deletion or gone (SNS API Reference, Publish: KMSDisabled, KMSInvalidState, KMSNotFound;
 * held to AWS's API model by test/doctor/alert-keys.test.ts). A CloudWatch alarm notifying such a
 * topic changes state and pages nobody, and records the failed action only in its own history:
 * nothing else says so. The same key also encrypts the Slack notifier's queue and table and the
 * Chatbot topic.
 * The key states and the commands that make a key usable again: lib/doctor/kms-keys.ts.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand, type SNSClient } from '@aws-sdk/client-sns';
import { topicArnRegion } from '../config/alerts-schema';
import { enableKeyCommand, keepKeyCommand, OTHER_STATE_FIX, readKey, UNREADABLE_KEY_FIX } from './kms-keys';
import { shellWord } from './shell-word';
import { type DeploymentTopics, topicNameOf } from './alert-topics';
import type { CheckFinding } from './finding';

export interface AlertKeyClients {
  sns(region: string): SNSClient;
  kms(region: string): KMSClient;
}

/** The AWS managed key of SNS: CloudWatch alarms cannot use it at all (the `topics` check reports it). */
const AWS_MANAGED_SNS_KEY = /(^|:)alias\/aws\/sns$/;
const SILENT = "alarms change state and page nobody, and CloudWatch says so only in each alarm's history";

/**
 * A topic's `KmsMasterKeyId` as a key or alias ARN: SNS takes a key id, alias name or either ARN of
 * the topic's own account and region (SNS API Reference, SetTopicAttributes), which DescribeKey
 * resolves only in the caller's account, so an id or alias is made an ARN of the topic's.
 */
export function keyArnOfTopic(topicArn: string, kmsMasterKeyId: string): string {
  if (kmsMasterKeyId.startsWith('arn:')) return kmsMasterKeyId;
  // `arn:<partition>:sns:<region>:<account>:<name>`
  const [, partition, , region, account] = topicArn.split(':');
  return `arn:${partition}:kms:${region}:${account}:${kmsMasterKeyId.startsWith('alias/') ? kmsMasterKeyId : `key/${kmsMasterKeyId}`}`;
}

/** The command that puts another key on a topic (its placeholder left for the user). */
export function encryptTopicCommand(topicArn: string): string {
  return `aws sns set-topic-attributes --region ${topicArnRegion(topicArn)} --topic-arn ${shellWord(topicArn)} --attribute-name KmsMasterKeyId --attribute-value <key ARN>`;
}

/**
 * The keys of the deployment's alert topics (`topics`, lib/doctor/alert-topics.ts) and what is
 * wrong with each. Returns how many keys were read. A configured topic that cannot be read is left
 * to the `topics` check; a key of another account that cannot be read is a finding.
 */
export async function alertKeyFindings(c: AlertKeyClients, topics: DeploymentTopics, out: CheckFinding[]): Promise<number> {
  // Each key with the topics it encrypts.
  const byKey = new Map<string, string[]>();
  for (const arn of topics.arns) {
    let keyId: string | undefined;
    try {
      keyId = (await c.sns(topicArnRegion(arn)).send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.KmsMasterKeyId;
    } catch (e) {
      if (topics.configured.has(arn)) continue;
      throw e;
    }
    if (!keyId || AWS_MANAGED_SNS_KEY.test(keyId)) continue;
    const key = keyArnOfTopic(arn, keyId);
    byKey.set(key, [...(byKey.get(key) ?? []), arn]);
  }
  for (const [key, topicArns] of byKey) {
    const region = key.split(':')[3];
    const names = topicArns.map(topicNameOf).sort().join(', ');
    const otherKey = `encrypt the topic${topicArns.length > 1 ? 's' : ''} with a key whose policy lets cloudwatch.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt: ${topicArns.map(encryptTopicCommand).join(' && ')}`;
    const k = await readKey(c.kms(region), key);
    switch (k.kind) {
      case 'usable':
        break;
      case 'gone':
        out.push({ region, subject: key, problem: `KMS key does not exist (deleted): no notification to ${names} can be sent (KMSNotFound): ${SILENT}`, fix: otherKey });
        break;
      case 'unreadable':
        out.push({ region, subject: key, problem: `could not read the KMS key of ${names} (${k.error}): whether SNS can encrypt their notifications is not known`, fix: UNREADABLE_KEY_FIX });
        break;
      case 'disabled':
        out.push({ region, subject: k.arn, problem: `KMS key is disabled: SNS cannot encrypt with it, so every notification to ${names} fails (KMSDisabled): ${SILENT}`, fix: enableKeyCommand(region, k.id) });
        break;
      case 'pending-deletion':
        out.push({
          region,
          subject: k.arn,
          problem: `KMS key is pending deletion${k.deletionDate ? ` on ${k.deletionDate}` : ''}: SNS cannot encrypt with it, so every notification to ${names} fails (KMSInvalidState): ${SILENT}; once it is deleted, they send nothing until each is given another key`,
          fix: keepKeyCommand(region, k.id),
        });
        break;
      case 'other':
        out.push({
          region,
          subject: k.arn,
          problem: `KMS key is ${k.state}, not Enabled: SNS cannot encrypt with it, so every notification to ${names} fails (KMSInvalidState): ${SILENT}`,
          fix: `${OTHER_STATE_FIX}, or encrypt the topics with another key: ${topicArns.map(encryptTopicCommand).join(' && ')}`,
        });
    }
  }
  return byKey.size;
}
