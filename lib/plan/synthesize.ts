/**
 * Synthesizes the app in memory (no AWS call, no Lambda bundling) and reads back what would be
 * deployed: every stack's template, region and size, and the AlarmSpecs the constructs built their
 * alarms from (for detection times).
 */
import { App } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedConfig } from '../config/resolve';
import { cdkJsonContext, cdkJsonFile } from '../app/cli-context';
import { DnsMonitoring } from '../dns-monitoring';
import type { StackAssignments } from '../stacks/stack-assignments';

export interface CfnResource {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly props: Record<string, any>;
}

export interface SynthesizedStack {
  readonly name: string;
  readonly region: string;
  readonly templateBytes: number;
  readonly resources: readonly CfnResource[];
}

/** What an AlarmSpec-like object exposes that the plan reads. */
export interface SpecSummary {
  readonly name: string;
  readonly detectionSeconds: number;
  /** The alert topic it notifies (critical or warning). */
  readonly severity?: string;
  readonly period?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

export interface Synthesized {
  readonly config: ResolvedConfig;
  readonly stacks: readonly SynthesizedStack[];
  /** Alarm name -> the spec it was built from (constructs exposing `specs`). */
  readonly specs: ReadonlyMap<string, SpecSummary>;
  readonly warnings: readonly string[];
  /** The cdk.json whose feature flags the templates were built with, relative to the current directory (none: the CDK's defaults). */
  readonly cdkJson?: string;
}

export type Progress = (message: string) => void;

export interface SynthesizeOptions {
  /** Called with short progress messages. @default no progress output */
  readonly onProgress?: Progress;
  /** Placement of earlier syntheses (so the plan shows the same stacks). @default none */
  readonly assignments?: StackAssignments;
  /** Directory of the config file. @default the current directory */
  readonly configDir?: string;
  /** The account the stacks are for (their ARNs name it). @default 000000000000 */
  readonly account?: string;
}

function isSpec(x: unknown): x is SpecSummary {
  const s = x as SpecSummary;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.detectionSeconds === 'number';
}

export function synthesizeForPlan(config: ResolvedConfig, opts: SynthesizeOptions = {}): Synthesized {
  const progress = opts.onProgress ?? (() => undefined);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dns-monitor-plan-'));
  try {
    const subjects = config.hostedZones.length + config.resolverVpcs.length;
    progress(`building constructs for ${config.hostedZones.length} hosted zone(s) and ${config.resolverVpcs.length} VPC(s)…`);
    // No validation plugins: the plan prices templates, `cdk synth` checks them. The feature flags
    // of cdk.json, as `cdk synth` reads them: they change the templates' shapes and sizes.
    const cdkJson = cdkJsonFile();
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...cdkJsonContext(cdkJson), 'aws:cdk:bundling-stacks': [] } });
    new DnsMonitoring(app, 'DnsMonitor', { config, account: opts.account ?? '000000000000', assignments: opts.assignments, configDir: opts.configDir });

    const specs = new Map<string, SpecSummary>();
    for (const c of app.node.findAll()) {
      const list = (c as unknown as { specs?: unknown }).specs;
      if (!Array.isArray(list)) continue;
      for (const s of list) if (isSpec(s)) specs.set(s.name, s);
    }

    progress(`synthesizing templates${subjects > 100 ? ` (${subjects} subjects, this can take a minute)` : ''}…`);
    const assembly = app.synth();
    const stacks: SynthesizedStack[] = [];
    const warnings: string[] = [];
    assembly.stacks.forEach((s, i) => {
      progress(`reading stack ${i + 1}/${assembly.stacks.length}: ${s.stackName}`);
      const region = s.environment.region;
      const resources = Object.entries<any>(s.template.Resources ?? {}).map(([logicalId, r]) => ({
        stack: s.stackName,
        region,
        logicalId,
        type: String(r.Type),
        props: (r.Properties ?? {}) as Record<string, any>,
      }));
      stacks.push({ name: s.stackName, region, templateBytes: fs.statSync(s.templateFullPath).size, resources });
      for (const m of s.messages) {
        const text = String(m.entry.data);
        if ((m.level === 'warning' || m.level === 'error') && !warnings.includes(text)) warnings.push(text);
      }
    });
    return { config, stacks, specs, warnings, cdkJson: cdkJson && path.relative(process.cwd(), cdkJson) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
