import * as fs from 'node:fs';
import { generatedZones } from '../test/support/synth';
fs.writeFileSync(process.argv[3], JSON.stringify(generatedZones(Number(process.argv[2]))));
