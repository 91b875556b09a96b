/**
 * The placement file (`<config>.stacks.json`) is committed and merged like code. A broken one is
 * refused with what to do, never with a stack trace, and never with advice to delete it: without
 * it every zone is placed again, and alarms that move to another stack are created there before the
 * old stack deletes them (docs/rollout.md).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../lib/config/errors';
import { readAssignments } from '../../lib/stacks/stack-assignments';

function issuesOf(text: string): { path: string; message: string }[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'placement-')), 'x.stacks.json');
  fs.writeFileSync(file, text);
  try {
    readAssignments(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).source).toBe(`stack placement file ${file}`);
    return [...(e as ConfigError).issues];
  }
  throw new Error('expected the placement file to be refused');
}

describe('a broken placement file', () => {
  it('with merge conflict markers: the first marker line, and to keep both sides', () => {
    const issues = issuesOf('{\n "version": 1,\n "units": {\n<<<<<<< HEAD\n  "zones|/a": 1\n=======\n  "zones|/b": 2\n>>>>>>> b\n }\n}\n');
    expect(issues).toEqual([{ path: 'line 4', message: expect.stringMatching(/unresolved merge conflict.*keep the entries of both sides.*same unit.*stack it is deployed in/s) }]);
  });

  it('that is a directory (-c assignments=DIR): names the file to give, no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placement-dir-'));
    try {
      readAssignments(dir);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([{ path: '', message: expect.stringMatching(/^is a directory, not a placement file — pass the file, e\.g\. .*dns-monitor\.stacks\.json/) }]);
    }
  });

  it('that is not JSON: restore it from version control, never delete it', () => {
    const [issue] = issuesOf('{ "version": 1, "units": { "zones|/a": 1, } }');
    expect(issue.message).toMatch(/not valid JSON.*restore it from version control/s);
    expect(issue.message).toMatch(/do not delete it while its stacks are deployed/);
  });

  it('with a stack number that is not a positive whole number, or another version: names the entry', () => {
    expect(issuesOf('{ "version": 1, "units": { "zones|/a": 0, "zones|/b": "2" } }').map((i) => i.path)).toEqual(['units.zones|/a', 'units.zones|/b']);
    expect(issuesOf('{ "version": 2, "units": {} }').map((i) => i.path)).toEqual(['version']);
  });

  it('a good file is read as written', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'placement-')), 'x.stacks.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, units: { 'zones|/a': 1, 'zones|/a|Z1': 2 }, queryLogging: { Z1: '/a' } }));
    expect(readAssignments(file)).toEqual({ version: 1, units: { 'zones|/a': 1, 'zones|/a|Z1': 2 }, queryLogging: { Z1: '/a' } });
  });
});
