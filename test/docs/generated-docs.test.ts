/** Generated docs are current: a catalogue or schema change without `npm run docs` fails here. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCliPermissionsDoc } from '../../lib/docs/cli-permissions-doc';
import { renderConfigJsonSchema } from '../../lib/docs/config-schema-doc';
import { renderSignalsDoc } from '../../lib/docs/signals-doc';
import { SIGNALS } from '../../lib/signals/catalogue';

const docs = path.resolve(__dirname, '..', '..', 'docs');

describe('generated docs', () => {
  it('docs/signals.md matches the catalogue and lists every signal', () => {
    const text = fs.readFileSync(path.join(docs, 'signals.md'), 'utf8');
    expect(text).toBe(renderSignalsDoc());
    for (const s of SIGNALS) expect(text).toContain(`| \`${s.id}\` |`);
  });

  it('docs/signals.md states the worst-case formula its tables compute (sliding windows: one minute, not one period, for the start)', () => {
    const text = renderSignalsDoc();
    expect(text).not.toContain('(datapointsToAlarm + 1) x period');
    expect(text).toContain('datapointsToAlarm x period + 60 s');
    // The 15-minute errors window: 1 x 900 s + 60 + 60 + 60 s = 18 min, as its row says.
    expect(text).toMatch(/\| `errors` \|.*\| 900 s, 1 of 1 \| 18 min \|/);
  });

  it('docs/config.schema.json matches the schema and knows the public contract keys', () => {
    const text = fs.readFileSync(path.join(docs, 'config.schema.json'), 'utf8');
    expect(text).toBe(renderConfigJsonSchema());
    const schema = JSON.parse(text);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['prefix', 'hostedZones', 'resolverVpcs', 'alerts', 'signals']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('docs/cli-permissions.md matches lib/doctor/permissions.ts', () => {
    expect(fs.readFileSync(path.join(docs, 'cli-permissions.md'), 'utf8')).toBe(renderCliPermissionsDoc());
  });

  it('every key of the config schema is documented in docs/configuration.md', () => {
    const doc = fs.readFileSync(path.join(docs, 'configuration.md'), 'utf8');
    const schema = JSON.parse(renderConfigJsonSchema());
    for (const key of Object.keys(schema.properties)) expect([key, doc.includes(`\`${key}\``)]).toEqual([key, true]);
  });
});
