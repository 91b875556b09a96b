/**
 * The lines docs/change-audit.md gives to make a trail for the change audit (a bucket, its policy,
 * a multi-region trail, logging started), read from the page and run by bash and the real AWS CLI
 * of .venv (version 1) against moto; then doctor's change-audit check finds the trail. moto does
 * not check a bucket policy when a trail is created (CloudTrail refuses one that does not let it
 * write: InsufficientS3BucketPolicyException), so the policy the lines put is checked with the IAM
 * policy evaluator against what the CloudTrail User Guide says CloudTrail does when it delivers:
 * s3:GetBucketAcl on the bucket and s3:PutObject under AWSLogs/<account>/ with the
 * bucket-owner-full-control ACL, for the trail named in aws:SourceArn
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
 */
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../lib/config/load';
import { runDoctor } from '../../lib/doctor';
import { motoDoctorClients } from '../doctor/clients';
import { runWithAwsCli } from '../support/aws-cli';
import { simulate } from '../support/iam/policies';
import { startMoto, type MotoServer } from '../support/moto';
import { REPO } from '../support/synth';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(() => moto?.stop());

const ACCOUNT = '123456789012';
const BUCKET = 'acme-dns-audit-trail-logs';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/dns-audit`;
const CONFIG = parseConfig({ prefix: 'trail', hostedZones: [{ zoneId: 'Z0TRAIL0000000000001', zoneName: 'a.example.com' }], alerts: { email: ['oncall@example.com'] } });

/** The page's shell block under the heading "A trail for the change audit". */
function trailLines(): string {
  const text = fs.readFileSync(path.join(REPO, 'docs', 'change-audit.md'), 'utf8');
  const section = text.slice(text.indexOf('### A trail for the change audit'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  expect(block).not.toBeNull();
  return block![1];
}

describe("the lines docs/change-audit.md gives to make the change audit's trail", () => {
  it('run as pasted (the bucket name filled in), make a trail doctor counts, whose bucket policy lets CloudTrail deliver for that trail only', async () => {
    const clients = motoDoctorClients(moto);
    const audit = async () => (await runDoctor(CONFIG, clients, { checks: ['change-audit'] })).findings;
    const before = await audit();
    expect(before.map((f) => f.problem)).toEqual([expect.stringMatching(/^no CloudTrail trail in the account/)]);
    // doctor's fix names this section, and the trail's two commands for Route 53's region.
    expect(before[0].fix).toContain("docs/change-audit.md, 'A trail for the change audit'");
    expect(before[0].fix).toContain('aws cloudtrail create-trail --region us-east-1 --name <name> --s3-bucket-name <bucket> --is-multi-region-trail');

    const lines = trailLines();
    expect(lines).toContain('<bucket>');
    const filled = lines.replace('<bucket>', BUCKET);
    expect(filled).not.toMatch(/<[^<>]*>/);
    runWithAwsCli(moto, `set -e\n${filled}`);
    expect(await audit()).toEqual([]);

    const policy = JSON.parse((await new S3Client({ ...moto.clientConfig('us-east-1'), forcePathStyle: true }).send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy!);
    const asCloudTrail = (action: string, resource: string, context: Record<string, string>) =>
      simulate({ principal: 'cloudtrail.amazonaws.com', action, resource, resourceAccount: ACCOUNT, context, resourcePolicy: policy });
    const logFile = `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/12/06/${ACCOUNT}_CloudTrail_us-east-1_20261206T0000Z_abc.json.gz`;
    const full = { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' };
    expect(await asCloudTrail('s3:GetBucketAcl', `arn:aws:s3:::${BUCKET}`, { 'aws:SourceArn': TRAIL_ARN })).toBe('Allowed');
    expect(await asCloudTrail('s3:PutObject', logFile, full)).toBe('Allowed');
    // Not for another trail, not without the ACL CloudTrail sets, not outside AWSLogs/<account>/.
    expect(await asCloudTrail('s3:PutObject', logFile, { ...full, 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other` })).not.toBe('Allowed');
    expect(await asCloudTrail('s3:PutObject', logFile, { 'aws:SourceArn': TRAIL_ARN })).not.toBe('Allowed');
    expect(await asCloudTrail('s3:PutObject', `arn:aws:s3:::${BUCKET}/elsewhere/x.json.gz`, full)).not.toBe('Allowed');
    expect(await asCloudTrail('s3:GetBucketAcl', `arn:aws:s3:::${BUCKET}`, { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other` })).not.toBe('Allowed');
  });
});
