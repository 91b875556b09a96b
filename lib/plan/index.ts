/**
 * `plan`: what a config deploys, what it costs per month and how fast each alarm fires, from an
 * in-memory synthesis (no AWS call). CLI: bin/plan.ts (`npm run plan`, `npx dns-monitor plan`).
 */
import * as path from 'node:path';
import { loadConfigFile } from '../config/load';
import type { ResolvedConfig } from '../config/resolve';
import { readAssignments, assignmentsPathFor } from '../stacks/stack-assignments';
import { buildPlan } from './build-plan';
import { Progress, synthesizeForPlan } from './synthesize';
import type { Plan } from './types';

export { buildPlan } from './build-plan';
export { renderPlan, type PlanFormat } from './render';
export { synthesizeForPlan } from './synthesize';
export { PRICES, PRICE_TABLE_DATE, RESOURCE_PRICING, pricingOf, priceOf } from './prices';
export type * from './types';

export type PlanResult = Plan & { readonly unpricedTypes: readonly string[] };

export interface PlanOptions {
  /** Queries per day each zone and VPC receives (usage section). @default none */
  readonly queriesPerDay?: number;
  /** Progress messages. @default none */
  readonly onProgress?: Progress;
}

/** Plans an already resolved config. */
export function planConfig(config: ResolvedConfig, opts: PlanOptions & { configDir?: string } = {}): PlanResult {
  const s = synthesizeForPlan(config, { onProgress: opts.onProgress, configDir: opts.configDir });
  opts.onProgress?.('computing the plan…');
  return buildPlan(s, { queriesPerDay: opts.queriesPerDay });
}

/** Plans a config file, with the stack placement recorded next to it (if any). */
export function planConfigFile(file: string, opts: PlanOptions = {}): PlanResult {
  opts.onProgress?.(`reading ${file}…`);
  const config = loadConfigFile(file);
  const s = synthesizeForPlan(config, {
    onProgress: opts.onProgress,
    configDir: path.dirname(path.resolve(file)),
    assignments: readAssignments(assignmentsPathFor(file)),
  });
  opts.onProgress?.('computing the plan…');
  return buildPlan(s, { queriesPerDay: opts.queriesPerDay });
}
