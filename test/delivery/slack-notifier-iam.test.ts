/**
 * The Slack webhook notifier's own SQS calls through the IAM evaluator over the synthesized
 * policies (the event source mapping's reads are proven with every other delivery path): it may
 * delay a rate-limited alert on its intake queue, and on no other queue.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { deploymentOf } from '../support/iam/app';
import { roleMay } from '../support/iam/policies';
import { REPO } from '../support/synth';

const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
const roles = d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('SlackNotifierRole'));
const queues = d.resources('AWS::SQS::Queue');

it('may change the visibility of its intake queue\'s messages (a rate-limited alert put back for later), in every region it runs in', async () => {
  expect(roles.length).toBeGreaterThan(0);
  for (const role of roles) {
    const intake = queues.filter((q) => q.stack === role.stack && q.logicalId.startsWith('SlackNotifierIntakeQueue'));
    expect(intake).toHaveLength(1);
    expect(await roleMay(d, role, 'sqs:ChangeMessageVisibility', d.arnOf(intake[0]))).toBe('Allowed');
  }
});

it('may not change the visibility of messages on any other queue (its dead letters, the change audit\'s)', async () => {
  for (const role of roles) {
    const others = queues.filter((q) => !(q.stack === role.stack && q.logicalId.startsWith('SlackNotifierIntakeQueue')));
    expect(others.length).toBeGreaterThan(0);
    for (const q of others) expect(await roleMay(d, role, 'sqs:ChangeMessageVisibility', d.arnOf(q))).not.toBe('Allowed');
  }
});
