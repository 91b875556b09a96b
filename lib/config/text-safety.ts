/**
 * Config text that would change meaning on its way into a template. CloudFormation resolves
 * `{{resolve:...}}` dynamic references in any string property
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html), so a
 * runbook link or a tag could copy a secret into alarm text; CDK reads `${Token[...]}` as a token
 * and fails synthesis. Every string of the config is checked here, once, before the schema runs.
 */
import type { ConfigIssue } from './errors';
import { formatPath } from './errors';

const CHECKS: readonly { test: RegExp; message: string }[] = [
  {
    test: /\{\{resolve:/i,
    message:
      'contains a CloudFormation dynamic reference ({{resolve:...}}) — CloudFormation would replace it with the referenced secret or parameter in the deployed resource; write the value itself',
  },
  { test: /\$\{Token\[|#\{Token\[/, message: 'looks like a CDK token (${Token[...]}) — write the value itself' },
  {
    test: /hooks\.slack\.com\/(services|workflows|triggers)\//i,
    message:
      'is a Slack incoming-webhook URL, which is a secret: it would be stored in the templates — put it in the secret <prefix>/slack-webhook-url (aws secretsmanager put-secret-value, docs/slack.md) and write slack: { webhook: {} }',
  },
  // eslint-disable-next-line no-control-regex
  { test: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, message: 'contains control characters — remove them (they break templates, alarm text and Slack messages)' },
];

/** One issue per string (and map key) that must not reach a template. */
export function unsafeTextIssues(value: unknown, at: PropertyKey[] = []): ConfigIssue[] {
  if (typeof value === 'string') {
    const hit = CHECKS.find((c) => c.test.test(value));
    return hit ? [{ path: formatPath(at), message: hit.message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeTextIssues(v, [...at, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const keyHit = CHECKS.find((c) => c.test.test(k));
      return [...(keyHit ? [{ path: formatPath([...at, k]), message: `key ${keyHit.message}` }] : []), ...unsafeTextIssues(v, [...at, k])];
    });
  }
  return [];
}
