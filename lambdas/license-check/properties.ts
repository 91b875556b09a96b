/** Resource properties of the deploy-time license check (written by the CDK construct). */
import { z } from 'zod';
import { subjectIdSchema } from '../license-reporter/payload';

export const deployCheckPropsSchema = z
  .object({
    ServiceToken: z.string().optional(),
    licenseId: z.string().min(1).max(128),
    productVersion: z.string().min(1).max(64),
    subjects: z.array(subjectIdSchema).max(5000),
    tableName: z.string().min(3),
    endpoint: z.string().optional(),
    secretId: z.string().optional(),
    offlineToken: z.string().optional(),
  })
  .strict();

export type DeployCheckProps = z.infer<typeof deployCheckPropsSchema>;
