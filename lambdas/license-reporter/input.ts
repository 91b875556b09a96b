/** The run configuration: the EventBridge Scheduler target input the CDK construct writes. */
import { z } from 'zod';
import { subjectIdSchema } from './payload';

export const reporterInputSchema = z.strictObject({
  licenseId: z.string().min(1).max(128),
  productVersion: z.string().min(1).max(64),
  /** Monitored hosted zone ids and VPC ids. */
  subjects: z.array(subjectIdSchema).max(5000),
  tableName: z.string().min(3).max(255),
  /** Hours between checks while they succeed. */
  scheduleHours: z.number().int().min(1).max(24),
  /** Hours a verified answer stays good while later checks fail. */
  graceHours: z.number().int().min(1).max(2160),
  /** Online mode: the API endpoint and the secret with the license key. */
  endpoint: z.string().url().optional(),
  secretId: z.string().min(1).optional(),
  /** Offline (air-gapped) mode: the signed token; no call goes out. */
  offlineToken: z.string().min(1).max(16_384).optional(),
}).refine((v) => v.offlineToken !== undefined || (v.endpoint !== undefined && v.secretId !== undefined), {
  message: 'either offlineToken, or endpoint and secretId, must be given',
});

export type ReporterInput = z.infer<typeof reporterInputSchema>;
