#!/usr/bin/env node
/**
 * `dns-monitor` command (package.json "bin"). From an installed package it runs the compiled CLI
 * (dist/bin); in the repository it runs the TypeScript through ts-node (types are not checked:
 * `npm run build` does that). Commands:
 *   dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'bin', 'plan.js');
const fromSource = !fs.existsSync(compiled) || fs.existsSync(path.join(__dirname, 'plan.ts'));
if (fromSource) require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });

const [command, ...rest] = process.argv.slice(2);
if (command === 'plan') {
  process.exitCode = require(fromSource ? './plan.ts' : compiled).main(rest);
} else if (command === undefined || command === '-h' || command === '--help') {
  process.stdout.write('Usage: dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]\n');
  process.exitCode = command === undefined ? 2 : 0;
} else {
  process.stderr.write(`dns-monitor: unknown command '${command}' — the commands are: plan\n`);
  process.exitCode = 2;
}
