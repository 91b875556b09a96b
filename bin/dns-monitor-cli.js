#!/usr/bin/env node
/**
 * `dns-monitor` command (package.json "bin"). From an installed package it runs the compiled CLI
 * (dist/bin); in the repository it runs the TypeScript through ts-node (types are not checked:
 * `npm run build` does that), which transpiles with swc (tsconfig.json's "ts-node" settings).
 * Commands:
 *   dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]
 *   dns-monitor doctor [PATH] [--json] [--stale-hours N] [--insufficient-minutes N] [--check NAME,...]
 *   dns-monitor check [PATH] [--only NAME,...] [--nameserver HOST:PORT] [--hosted-zones] [--resolver HOST:PORT] [--json]
 *   dns-monitor replay [--config PATH] LOGFILE... [--dns-queries CSV] [--json] [--html FILE]
 *   dns-monitor test-alert [PATH] [--yes] [--route NAME] [--severity critical|warning]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const compiled = (name) => path.join(__dirname, '..', 'dist', 'bin', `${name}.js`);
const fromSource = !fs.existsSync(compiled('plan')) || fs.existsSync(path.join(__dirname, 'plan.ts'));
const load = (name) => require(fromSource ? `./${name}.ts` : compiled(name));
if (fromSource) require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });

const [command, ...rest] = process.argv.slice(2);
if (command === 'plan') {
  process.exitCode = load('plan').main(rest);
} else if (command === 'doctor' || command === 'check' || command === 'replay' || command === 'test-alert') {
  load(command).main(rest).then((code) => (process.exitCode = code));
} else if (command === undefined || command === '-h' || command === '--help') {
  process.stdout.write('Usage: dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]\n       dns-monitor replay [--config PATH] LOGFILE... [--json] [--html FILE]\n       dns-monitor doctor [PATH] [--json] [--stale-hours N] [--insufficient-minutes N] [--check NAME,...]\n       dns-monitor check [PATH] [--only NAME,...] [--nameserver HOST:PORT] [--hosted-zones] [--resolver HOST:PORT] [--json]\n       dns-monitor test-alert [PATH] [--yes] [--route NAME] [--severity critical|warning]\n');
  process.exitCode = command === undefined ? 2 : 0;
} else {
  process.stderr.write(`dns-monitor: unknown command '${command}' — the commands are: plan, replay, doctor, check, test-alert\n`);
  process.exitCode = 2;
}
