/** Regenerates the generated docs: docs/signals.md and docs/config.schema.json (npm run docs). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderConfigJsonSchema } from '../lib/docs/config-schema-doc';
import { renderSignalsDoc } from '../lib/docs/signals-doc';

const docs = path.resolve(__dirname, '..', 'docs');
fs.writeFileSync(path.join(docs, 'signals.md'), renderSignalsDoc());
fs.writeFileSync(path.join(docs, 'config.schema.json'), renderConfigJsonSchema());
process.stdout.write('wrote docs/signals.md and docs/config.schema.json\n');
