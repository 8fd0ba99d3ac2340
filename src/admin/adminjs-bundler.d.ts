// AdminJS exports its bundlers as `adminjs/bundler` but ships no types for that path; the build
// uses only the components bundler's rollup input options (to filter its warnings).
declare module 'adminjs/bundler' {
  export const componentsBundler: { inputOptions: { onwarn?: (warning: import('./rollup-warnings.js').RollupWarning, warn: (warning: unknown) => void) => void } };
}
