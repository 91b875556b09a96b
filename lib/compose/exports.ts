/**
 * Exports kept while their resource exists, whether or not a stack of this synthesis imports them.
 *
 * CloudFormation lets no update remove or change an export that a deployed stack imports
 * (Template Reference, Fn::ImportValue), and `cdk deploy` updates the exporting stack first. A
 * value a consumer stops importing would lose its export in that same deploy, while the deployed
 * consumer still imports it: the update fails. So what a consumer of this or an earlier version
 * imported stays exported (`Stack.exportValue` gives the export the name the reference had):
 *   - the us-east-1 core stack's created alert topics, SMS topics, Chatbot topic and topic key
 *     (the change audit imported them before it read the topics by name);
 *   - each region's query-log key (zone stacks' log groups import it; CoreStack keeps the key);
 *   - each health check's id (the change audit imported them; the dashboards import them).
 * When the resource itself goes, so does its export: by then nothing deployed imports it, except
 * the dashboards for a health check (docs/rollout.md, and the refusal in lib/dns-monitoring.ts).
 */
import type { Stack } from 'aws-cdk-lib';
import type { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SEVERITIES } from '../../contracts/alarm-context';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import type { Composition } from './context';

/**
 * About how many template bytes one kept export adds (an output with its export name, indented as
 * the CDK writes templates): placement counts them for each health check (lib/compose/health.ts).
 */
export const EXPORT_BYTES = 400;

export function keepExports(c: Composition, healthChecks: Readonly<Record<string, CfnHealthCheck>>): void {
  for (const [region, core] of Object.entries(c.cores)) {
    if (core.queryLogsKey) core.exportValue(core.queryLogsKey.keyArn);
    if (region !== HOSTED_ZONE_REGION) continue;
    const created = new Set<sns.ITopic>(core.alertTopics.createdTopics);
    for (const sev of SEVERITIES) {
      for (const t of [core.alertTopics.topics[sev], core.alertTopics.smsTopics[sev]]) if (t && created.has(t)) core.exportValue(t.topicArn);
    }
    if (core.chatbotTopic) core.exportValue(core.chatbotTopic.topicArn);
    core.exportValue(core.alertTopics.key.keyArn);
  }
  for (const hc of Object.values(healthChecks)) (hc.stack as Stack).exportValue(hc.attrHealthCheckId);
}
