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

// The notifier's records (idempotency, and the state it last posted per alarm: a consistent
// GetItem and a conditional PutItem, lambdas/slack-notifier/alarm-state.ts) are in its own table.
it('may read and write items of its own table, in every region it runs in, and of no other table', async () => {
  const tables = d.resources('AWS::DynamoDB::Table');
  for (const role of roles) {
    const own = tables.filter((t) => t.stack === role.stack && t.logicalId.startsWith('SlackNotifierIdempotencyTable'));
    expect(own).toHaveLength(1);
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem']) expect(await roleMay(d, role, action, d.arnOf(own[0]))).toBe('Allowed');
    const others = tables.filter((t) => t !== own[0]);
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) expect(await roleMay(d, role, 'dynamodb:GetItem', d.arnOf(t))).not.toBe('Allowed');
  }
});
