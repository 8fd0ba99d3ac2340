import type { RollupWarning } from './rollup-warnings.js';

/*
 * The one place the panel reaches into AdminJS past its public API (adminjs 7.8.17, pinned exactly in
 * package.json). adminjs-internals.spec.ts runs it against the installed AdminJS and fails when an
 * upgrade changes what it relies on. Everything else goes through public API: the panel makes its
 * own AdminJS instance (no watcher), mounts it with @adminjs/express in a slot setupHttp reserves,
 * types form values through the adapter's public properties, and styles lists through `assets.styles`
 * and the `data-css` attributes AdminJS provides for styling (checked by the browser test).
 */

/** What `adminjs/bundler` exports (an entry point of the package that ships no types). */
export interface ComponentsBundler {
  inputOptions: { input?: unknown; plugins?: unknown; onwarn?: (warning: RollupWarning, warn: (warning: RollupWarning) => void) => void };
}

/**
 * 1. The components bundler's rollup input options, kept as its `inputOptions` and handed to rollup
 * as they are on each build: the only way to give rollup an `onwarn` (AdminJS has no option for it),
 * used by the build step to drop third-party circular-import warnings (rollup-warnings.ts).
 */
export function setBundlerOnwarn(bundler: ComponentsBundler, onwarn: NonNullable<ComponentsBundler['inputOptions']['onwarn']>): void {
  const options = bundler.inputOptions as Partial<ComponentsBundler['inputOptions']> | undefined;
  if (!options || typeof options !== 'object' || !Array.isArray(options.plugins)) {
    throw new Error('adminjs changed: its components bundler has no rollup `inputOptions` (see src/admin/adminjs-internals.ts)');
  }
  options.onwarn = onwarn;
}
