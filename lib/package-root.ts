/**
 * The product's package folder (where package.json, lambdas/ and contracts/ live), found from this
 * file whether it runs as TypeScript from the repository (lib/) or compiled from an installed
 * package (dist/lib/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'codreum-dns-monitor';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package folder above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** Product version reported by the license reporter (package.json). */
export const PRODUCT_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
