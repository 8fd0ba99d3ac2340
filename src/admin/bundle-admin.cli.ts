// Bundles the panel's React components at build time (npm run build), so no start bundles at run time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUNDLE_DIR, BUNDLE_FILE, COMPONENTS_DIR, SHARED_SOURCES } from './admin-assets.js';
import { setBundlerOnwarn } from './adminjs-internals.js';
import { quietVendorCycles } from './rollup-warnings.js';

const HASH_FILE = join(BUNDLE_DIR, 'fingerprint.sha256');

/**
 * The bundle is rebuilt only when a component's source, or a shared module the components import,
 * changed since the last build, or when the bundle itself was changed or replaced since (say, by an
 * unminified build).
 */
function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(COMPONENTS_DIR).sort()) hash.update(file).update(readFileSync(join(COMPONENTS_DIR, file)));
  for (const file of SHARED_SOURCES) hash.update(relative(COMPONENTS_DIR, file)).update(readFileSync(file));
  if (existsSync(BUNDLE_FILE)) hash.update(readFileSync(BUNDLE_FILE));
  return hash.digest('hex');
}

async function main(): Promise<void> {
  if (existsSync(BUNDLE_FILE) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === fingerprint()) {
    process.stdout.write('admin bundle is up to date\n');
    return;
  }
  // AdminJS minifies only in production mode, read when it is first imported (by admin-env), and
  // bundles only when not told to skip.
  process.env.NODE_ENV = 'production';
  await import('./admin-env.js');
  delete process.env.ADMIN_JS_SKIP_BUNDLE;
  const started = Date.now();
  const { default: AdminJS } = await import('adminjs');
  const { componentLoader } = await import('./admin-components.js');
  // Same module instance AdminJS bundles with; its rollup options have no onwarn of their own.
  const { componentsBundler } = await import('adminjs/bundler');
  setBundlerOnwarn(componentsBundler, quietVendorCycles);
  await new AdminJS({ componentLoader, rootPath: '/admin' }).initialize();
  writeFileSync(HASH_FILE, fingerprint());
  process.stdout.write(`admin bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${BUNDLE_FILE}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`admin bundle failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
