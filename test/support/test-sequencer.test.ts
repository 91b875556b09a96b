/**
 * The test sequencer (test/support/test-sequencer.js, jest.config.js) starts the slowest files
 * first: each file it names exists (a renamed file would silently go back to jest's order), and it
 * puts them first in their listed order while the others keep the order jest gives them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './synth';

const sequencer = require('./test-sequencer.js') as { SLOWEST_FIRST: string[]; rank: (file: string) => number };

describe('test sequencer', () => {
  it('names files that exist, each once', () => {
    expect(sequencer.SLOWEST_FIRST.filter((f) => !fs.existsSync(path.join(REPO, f)))).toEqual([]);
    expect(new Set(sequencer.SLOWEST_FIRST).size).toBe(sequencer.SLOWEST_FIRST.length);
  });

  it('ranks the listed files in their order, before every other file', () => {
    const listed = sequencer.SLOWEST_FIRST.map((f) => sequencer.rank(path.join(REPO, f)));
    expect(listed).toEqual(sequencer.SLOWEST_FIRST.map((_, i) => i));
    expect(sequencer.rank(path.join(REPO, 'test/support/test-sequencer.test.ts'))).toBe(sequencer.SLOWEST_FIRST.length);
  });
});
