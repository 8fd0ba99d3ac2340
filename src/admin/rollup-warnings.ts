/** The fields of a rollup warning the panel's bundle step looks at. */
export interface RollupWarning {
  code?: string;
  message: string;
  ids?: string[];
}

/**
 * A circular import wholly inside third-party packages (recharts and its d3 copies have several):
 * nothing we can fix, and harmless, yet printed on every build. A cycle that touches our own
 * components, or any other warning, is still shown.
 */
export function isVendorCircularDependency(warning: RollupWarning): boolean {
  const ids = warning.ids ?? [];
  return warning.code === 'CIRCULAR_DEPENDENCY' && ids.length > 0 && ids.every((id) => /[\\/]node_modules[\\/]/.test(id));
}

/** A rollup `onwarn` that drops vendor-only circular-import warnings and passes every other on. */
export function quietVendorCycles(warning: RollupWarning, warn: (warning: RollupWarning) => void): void {
  if (!isVendorCircularDependency(warning)) warn(warning);
}
