import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, whether this runs compiled from dist/ or as source under jest. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the admin module');
    dir = parent;
  }
  return dir;
}

const root = projectRoot();

/** React components are bundled from their sources (AdminJS bundles them with its own rollup). */
export const COMPONENTS_DIR = join(root, 'src', 'admin', 'components');
/** What the components import from outside their folder: part of the bundle too. */
export const SHARED_SOURCES = [join(root, 'src', 'common', 'money-format.ts')];

/**
 * Where `npm run build` leaves the bundled components. Not AdminJS's default `.adminjs`: Express 5
 * refuses to send files from dot-folders, so that bundle would answer 404 in production.
 */
export const BUNDLE_DIR = join(root, 'dist', 'admin-bundle');
export const BUNDLE_FILE = join(BUNDLE_DIR, 'bundle.js');

export function bundleIsBuilt(): boolean {
  return existsSync(BUNDLE_FILE);
}
