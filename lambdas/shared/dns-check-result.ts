/**
 * zod schema of one DNS check result as it crosses a function boundary (contracts/dns-check.ts
 * DnsCheckResult: a prober's report answer read by the reporter, the detail message read by the
 * Slack notifier): one definition for both readers.
 */
import * as z from 'zod/mini';

export const dnsCheckResultSchema = z.looseObject({ server: z.string(), address: z.optional(z.string()), ok: z.boolean(), rcode: z.string(), answers: z.array(z.string()), reason: z.string(), nsid: z.optional(z.string()), ms: z.optional(z.number()) });
