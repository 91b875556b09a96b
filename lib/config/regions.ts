/**
 * A region field: one of the AWS Regions (lib/aws-facts.ts), with "did you mean" on a typo. It
 * stays a string in the config's TypeScript type, so library callers can pass any string value.
 */
import { z } from 'zod';
import { AWS_REGIONS, ROUTE53 } from '../aws-facts';
import { didYouMean } from './errors';

export function regionSchema(what: string) {
  return z.string({ error: (iss) => (iss.input === undefined ? `is required — ${what}, e.g. eu-west-1` : `must be a region code (text) — ${what}, e.g. eu-west-1`) }).superRefine((v, ctx) => {
    if ((AWS_REGIONS as readonly string[]).includes(v)) return;
    const near = didYouMean(v, AWS_REGIONS);
    ctx.addIssue({ code: 'custom', message: `'${v}' is not an AWS Region${near ? ` — did you mean ${near}?` : ' — use a region code such as us-east-1 or eu-west-1'}` });
  });
}

/**
 * The primary region among those a deployment uses: the config's `primaryRegion` when it sets one,
 * else us-east-1 (Route 53's metrics region) when used, else the first.
 */
export function primaryRegion(regions: Iterable<string>, configured?: string): string {
  if (configured !== undefined) return configured;
  const sorted = [...new Set(regions)].sort();
  return sorted.includes(ROUTE53.globalRegion) ? ROUTE53.globalRegion : sorted[0] ?? ROUTE53.globalRegion;
}
