/**
 * A region field: one of the AWS Regions (lib/aws-facts.ts), with "did you mean" on a typo. It
 * stays a string in the config's TypeScript type, so library callers can pass any string value.
 */
import { z } from 'zod';
import { AWS_REGIONS } from '../aws-facts';
import { didYouMean } from './errors';

export function regionSchema(what: string) {
  return z.string({ error: (iss) => (iss.input === undefined ? `is required — ${what}, e.g. eu-west-1` : `must be a region code (text) — ${what}, e.g. eu-west-1`) }).superRefine((v, ctx) => {
    if ((AWS_REGIONS as readonly string[]).includes(v)) return;
    const near = didYouMean(v, AWS_REGIONS);
    ctx.addIssue({ code: 'custom', message: `'${v}' is not an AWS Region${near ? ` — did you mean ${near}?` : ' — use a region code such as us-east-1 or eu-west-1'}` });
  });
}
