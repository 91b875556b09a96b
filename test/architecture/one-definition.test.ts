/**
 * Principle 7: a fact is declared once. Facts that used to be spelled out in several files are
 * held here to their one definition, read from the source files themselves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES } from '../../contracts/alarm-context';
import { REPO } from '../support/synth';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

const ALL = [...sources('lib'), ...sources('lambdas'), ...sources('contracts'), ...sources('bin')];

describe('one definition per fact', () => {
  it('the alert severities are listed only in contracts/alarm-context.ts', () => {
    expect(SEVERITIES).toEqual(['critical', 'warning']);
    // A list literal or a union type naming both severities, in either order.
    const list = /\[\s*['"](critical|warning)['"]\s*,\s*['"](critical|warning)['"]\s*\]|['"](critical|warning)['"]\s*\|\s*['"](critical|warning)['"]/;
    const copies = ALL.filter((f) => f !== path.join('contracts', 'alarm-context.ts'))
      .filter((f) => list.test(fs.readFileSync(path.join(REPO, f), 'utf8')));
    expect(copies).toEqual([]);
  });
});
