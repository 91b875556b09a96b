/**
 * The context `npx cdk synth` starts the app with: the `context` of cdk.json (the feature flags).
 * Everything that synthesizes in memory instead of through the CDK CLI (`plan`, `replay`, the
 * examples' and the benchmarks' syntheses, template tests) starts from it too, so it reads the
 * templates that are deployed: the flags change template shapes (partition literals, the SNS
 * TLS-only statement, minimized IAM policies) and therefore their sizes.
 *
 * Like the CLI, it reads the cdk.json of the directory it runs in; outside a CDK project (for
 * example `npx dns-monitor plan` run elsewhere) it reads the product's own cdk.json, found next
 * to the package when the package is a checkout. Without either, the CDK's defaults apply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../package-root';

export const CDK_JSON = 'cdk.json';

/** A cdk.json that cannot be read: the CLIs print its message as one line. */
export class CdkJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdkJsonError';
  }
}

/** The product's own cdk.json, if the package is a checkout (an installed package has none). */
function productCdkJson(): string | undefined {
  const file = path.join(PACKAGE_ROOT, CDK_JSON);
  return fs.existsSync(file) ? file : undefined;
}

/** Which cdk.json the CLI would read from `dir`, else the product's own. */
export function cdkJsonFile(dir: string = process.cwd()): string | undefined {
  const own = path.join(dir, CDK_JSON);
  return fs.existsSync(own) ? own : productCdkJson();
}

/** The `context` of the cdk.json the CLI would read from `dir` (see cdkJsonFile). */
export function cliContext(dir: string = process.cwd()): Record<string, unknown> {
  return cdkJsonContext(cdkJsonFile(dir));
}

/** A cdk.json's `context` (an empty object when there is no file or it has no context). */
export function cdkJsonContext(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let json: { context?: Record<string, unknown> };
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  } catch (e) {
    throw new CdkJsonError(`${file} is not valid JSON (${(e as Error).message}); fix it as \`npx cdk synth\` would need it fixed`);
  }
  return { ...(json.context ?? {}) };
}
