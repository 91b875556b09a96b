/** Reads, parses (YAML or JSON), validates and resolves a config file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { configSchema, Config, type RawConfig } from './schema';
import { ConfigError, ConfigIssue, fromZod } from './errors';
import { resolveConfig, ResolvedConfig } from './resolve';
import { unsafeTextIssues } from './text-safety';

/** Aliases a config file may use: more is an alias bomb (exponential expansion), not a config. */
const MAX_YAML_ALIASES = 100;

/** Validates an in-memory config object (the typed API used by the `DnsMonitoring` construct). */
export function parseConfig(input: unknown, source = 'config'): ResolvedConfig {
  const unsafe = unsafeTextIssues(input);
  if (unsafe.length > 0) throw new ConfigError(unsafe, source);
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(fromZod(result.error, configSchema), source);
  try {
    return resolveConfig(result.data as Config);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.issues, source);
    throw e;
  }
}

/** Parses YAML or JSON text; syntax errors become config issues with line and column. */
export function parseConfigText(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ConfigError([{ path: file, message: `JSON syntax error: ${(e as Error).message} — fix the JSON (or use YAML)` }], file);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((err) => {
      const pos = err.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { path: where, message: `YAML syntax error: ${msg} — check indentation, colons and quoting on that line` };
    });
    throw new ConfigError(issues, file);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    throw new ConfigError(
      [{ path: file, message: `YAML aliases expand too far (${(e as Error).message.split('\n')[0]}) — write the values out instead of nesting aliases (at most ${MAX_YAML_ALIASES})` }],
      file,
    );
  }
}

/** JSON files in a project directory that are not configs (the CDK's, npm's, TypeScript's, placement files). */
const NOT_CONFIG_JSON = /(^(package|package-lock|cdk|cdk\.context|tsconfig.*)\.json$)|\.stacks\.json$/;

/** A directory given as the config (`-c config=examples`): name the config files it holds. */
function directoryMessage(file: string, abs: string): string {
  const configs = fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ya?ml|json)$/.test(d.name) && !NOT_CONFIG_JSON.test(d.name))
    .map((d) => d.name)
    .sort();
  const shown = configs.length > 5 ? [...configs.slice(0, 5), `and ${configs.length - 5} more`] : configs;
  const example = path.join(file, configs[0] ?? 'dns-monitor.yaml');
  return `is a directory, not a config file — pass the file itself, e.g. ${example} (${configs.length ? `config files here: ${shown.join(', ')}` : 'no .yaml or .json file here'})`;
}

/** Reads and parses a config file into the file's own shape (not yet validated). */
export function readConfigFile(file: string): RawConfig {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new ConfigError(
      [{ path: file, message: `config file not found (looked at ${abs}) — pass an existing file with -c config=PATH, or copy dns-monitor.yaml` }],
      file,
    );
  }
  if (fs.statSync(abs).isDirectory()) throw new ConfigError([{ path: file, message: directoryMessage(file, abs) }], file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError([{ path: file, message: `cannot be read (${(e as Error).message}) — check the file's permissions, or pass another file with -c config=PATH` }], file);
  }
  const data = parseConfigText(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([{ path: file, message: 'the file is empty or not a mapping — it must start with keys such as prefix:, hostedZones:, alerts:' }], file);
  }
  return data as RawConfig;
}

/** Reads, validates and resolves a config file. */
export function loadConfigFile(file: string): ResolvedConfig {
  return parseConfig(readConfigFile(file), file);
}
