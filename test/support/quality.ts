/**
 * Quality gates shared by template tests: cdk-nag + cfn-guard (as CDK validation plugins) and
 * cfn-lint (AWS's template linter, from .venv) on every synthesized template.
 */
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addQualityPlugins } from '../../lib/app/quality-plugins';

export interface Violation {
  plugin: string;
  rule: string;
  path: string;
  description: string;
}

/** Synthesizes with cdk-nag and cfn-guard attached; returns the unacknowledged findings. */
export function synthWithPolicyChecks(app: App): { assembly?: CloudAssembly; violations: Violation[] } {
  addQualityPlugins(app, { fullGuard: true });
  try {
    const assembly = app.synth();
    return { assembly, violations: [] };
  } catch (e) {
    const report = path.join(app.outdir, 'validation-report.json');
    if (!fs.existsSync(report)) throw e;
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    const violations: Violation[] = [];
    for (const p of json.pluginReports ?? []) {
      for (const v of p.violations ?? []) {
        for (const c of v.violatingConstructs ?? []) {
          violations.push({ plugin: p.pluginName, rule: v.ruleName, path: c.constructPath, description: v.description });
        }
      }
    }
    if (violations.length === 0) throw e;
    return { violations };
  }
}

export function formatViolations(vs: Violation[]): string {
  return vs.map((v) => `${v.plugin} ${v.rule} at ${v.path}: ${v.description}`).join('\n');
}

export function cfnLintBinary(): string {
  const bin = path.resolve(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');
  if (!fs.existsSync(bin)) throw new Error(`cfn-lint not found at ${bin}; run npm test to create .venv`);
  return bin;
}

/** Runs cfn-lint on every template of an assembly directory; returns its output ('' when clean). */
export function cfnLintAssembly(outdir: string): { exitCode: number; output: string; templates: string[] } {
  const templates = fs
    .readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(outdir, f));
  if (templates.length === 0) throw new Error(`no templates in ${outdir}`);
  const res = spawnSync(cfnLintBinary(), ['--format', 'parseable', '--', ...templates], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { exitCode: res.status ?? -1, output: `${res.stdout}${res.stderr}`.trim(), templates };
}
