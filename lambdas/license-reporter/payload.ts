/**
 * The request body sent to the license API. It is exactly this allow-list: the strict schema
 * rejects any other key, and it is applied to the object right before it is serialized.
 * Nothing else about the account leaves it (no query names, counts, metrics, logs, IPs, alarms).
 */
import { z } from 'zod';

export const PRODUCT_CODE = 'dns-monitor';

/** Route 53 hosted zone id or VPC id. */
export const subjectIdSchema = z
  .string()
  .regex(/^(Z[A-Z0-9]{1,31}|vpc-[0-9a-f]{8,17})$/, 'not a hosted zone id (Z...) or VPC id (vpc-...)');

export const licenseRequestSchema = z.strictObject({
  licenseId: z.string().min(1).max(128),
  productCode: z.literal(PRODUCT_CODE),
  productVersion: z.string().min(1).max(64),
  accountId: z.string().regex(/^\d{12}$/, 'accountId must be 12 digits'),
  subjects: z.array(subjectIdSchema).max(5000),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/),
  sentAt: z.iso.datetime(),
});

export type LicenseRequest = z.infer<typeof licenseRequestSchema>;

/** Validates the payload against the allow-list and returns the exact bytes to send. */
export function serializeLicenseRequest(payload: LicenseRequest): Buffer {
  const checked = licenseRequestSchema.parse(payload);
  return Buffer.from(JSON.stringify(checked), 'utf8');
}
