// AdminJS exports its bundlers as `adminjs/bundler` but ships no types for that path; the build
// uses only the components bundler's rollup input options (see adminjs-internals.ts).
declare module 'adminjs/bundler' {
  export const componentsBundler: import('./adminjs-internals.js').ComponentsBundler & { build(): Promise<void> };
}
