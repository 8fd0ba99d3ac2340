import { BUNDLE_DIR, bundleIsBuilt } from './admin-assets.js';

/*
 * AdminJS reads these two variables once, when `adminjs` is first imported, so this module must be
 * imported before anything that imports adminjs (it is the first import of admin.module.ts). It is
 * the one place besides src/config that touches process.env: it writes settings for the library,
 * it reads none of ours.
 *
 * With a bundle built by `npm run build`, AdminJS serves it as is and never bundles at run time.
 */
process.env.ADMIN_JS_TMP_DIR = BUNDLE_DIR;
if (bundleIsBuilt()) process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
