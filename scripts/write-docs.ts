/** Regenerates the generated docs: docs/signals.md, docs/config.schema.json and docs/cli-permissions.md (npm run docs). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCliPermissionsDoc } from '../lib/docs/cli-permissions-doc';
import { renderConfigJsonSchema } from '../lib/docs/config-schema-doc';
import { renderSignalsDoc } from '../lib/docs/signals-doc';

const docs = path.resolve(__dirname, '..', 'docs');
fs.writeFileSync(path.join(docs, 'signals.md'), renderSignalsDoc());
fs.writeFileSync(path.join(docs, 'config.schema.json'), renderConfigJsonSchema());
fs.writeFileSync(path.join(docs, 'cli-permissions.md'), renderCliPermissionsDoc());
process.stdout.write('wrote docs/signals.md, docs/config.schema.json and docs/cli-permissions.md\n');
