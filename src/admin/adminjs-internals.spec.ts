import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBundlerOnwarn } from './adminjs-internals.js';
import { quietVendorCycles, type RollupWarning } from './rollup-warnings.js';

/**
 * Runs the AdminJS internals the panel relies on (adminjs-internals.ts) against the installed AdminJS:
 * an upgrade that changes them fails here, by name, rather than in a build that quietly prints again
 * (or stops printing) what it should not.
 */
describe('AdminJS internals the panel relies on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-adminjs-internals-'));
  const tmpDirBefore = process.env.ADMIN_JS_TMP_DIR;

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (tmpDirBefore === undefined) delete process.env.ADMIN_JS_TMP_DIR;
    else process.env.ADMIN_JS_TMP_DIR = tmpDirBefore;
  });

  it("hands rollup the components bundler's inputOptions on every build, so its onwarn sees each warning", async () => {
    // AdminJS reads its bundle folder when first imported: this file's own, to leave nothing behind.
    process.env.ADMIN_JS_TMP_DIR = dir;
    const { componentsBundler } = await import('adminjs/bundler');
    const write = (path: string, text: string) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
    };
    // Two vendor modules importing each other, two of ours doing the same, and the entry AdminJS would write.
    write(join(dir, 'node_modules', 'cyclic', 'a.js'), "import { b } from './b.js'; export const a = () => b;");
    write(join(dir, 'node_modules', 'cyclic', 'b.js'), "import { a } from './a.js'; export const b = () => a;");
    write(join(dir, 'ours-a.js'), "import { d } from './ours-b.js'; export const c = () => d;");
    write(join(dir, 'ours-b.js'), "import { c } from './ours-a.js'; export const d = () => c;");
    write(join(dir, 'entry.js'), "import { a } from './node_modules/cyclic/a.js'; import { c } from './ours-a.js'; window.probe = [a, c];");

    const seen: RollupWarning[] = [];
    const passedOn: RollupWarning[] = [];
    // What quietVendorCycles passes on is collected here instead of printed.
    setBundlerOnwarn(componentsBundler, (warning) => {
      seen.push(warning);
      quietVendorCycles(warning, (w) => passedOn.push(w));
    });
    await componentsBundler.build();

    expect(existsSync(join(dir, 'bundle.js'))).toBe(true);
    const cycles = (list: RollupWarning[]) => list.filter((w) => w.code === 'CIRCULAR_DEPENDENCY').map((w) => (w.ids ?? []).some((id) => id.includes('node_modules')));
    // rollup reported both cycles to our onwarn; only ours went on to be printed.
    expect(cycles(seen).sort()).toEqual([false, true]);
    expect(cycles(passedOn)).toEqual([false]);
  }, 60_000);

  it('refuses, by name, a bundler without rollup input options', () => {
    expect(() => setBundlerOnwarn({} as never, () => undefined)).toThrow(/adminjs changed: its components bundler has no rollup `inputOptions`/);
  });
});
