#!/usr/bin/env node
/**
 * `dns-monitor` command (package.json "bin"). Runs the TypeScript CLI through ts-node (types are
 * not checked: `npm run build` does that). Commands:
 *   dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]
 */
'use strict';
const path = require('node:path');

require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });

const [command, ...rest] = process.argv.slice(2);
if (command === 'plan') {
  process.exitCode = require('./plan.ts').main(rest);
} else if (command === undefined || command === '-h' || command === '--help') {
  process.stdout.write('Usage: dns-monitor plan [PATH] [--json | --markdown] [--queries-per-day N]\n');
  process.exitCode = command === undefined ? 2 : 0;
} else {
  process.stderr.write(`dns-monitor: unknown command '${command}' — the commands are: plan\n`);
  process.exitCode = 2;
}
