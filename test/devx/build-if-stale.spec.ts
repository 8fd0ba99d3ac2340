import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SCRIPT = resolve('scripts/build-if-stale.mjs');

// A stand-in build: writes the outputs `npm start` needs and counts how often it ran.
const FAKE_BUILD = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('dist/src', { recursive: true });
mkdirSync('dist/admin-bundle', { recursive: true });
writeFileSync('dist/src/main.js', '');
writeFileSync('dist/admin-bundle/bundle.js', '');
appendFileSync('builds.log', 'built\\n');`;

describe('scripts/build-if-stale.mjs (npm start and npm test run it before the build)', () => {
  let project: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), text);
  };
  const builds = () => readFileSync(join(project, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
  const start = () => execFileSync(process.execPath, [SCRIPT, process.execPath, 'build.mjs'], { cwd: project, encoding: 'utf8' });

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
    write('build.mjs', FAKE_BUILD);
    write('tsconfig.json', '{ "compilerOptions": {} }');
    write('tsconfig.build.json', '{\n  // comments are allowed here\n  "extends": "./tsconfig.json",\n  "include": ["src", "migrations"],\n}\n');
    write('package.json', '{}');
    write('package-lock.json', '{ "lockfileVersion": 3 }');
    write('src/main.ts', 'export const a = 1;');
    write('src/admin/components/page.jsx', 'export default () => null;');
    write('src/admin/locale/es.json', '{ "hola": "Hola" }');
    write('migrations/index.ts', 'export const MIGRATIONS = [];');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('builds the first time, then skips while nothing it compiles changed', () => {
    start();
    expect(start()).toContain('build is up to date');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(project, 'src/main.ts'), old, old); // a checkout that leaves the content alike
    start();
    expect(builds()).toBe(1);
  });

  it.each([
    ['a TypeScript source', 'src/main.ts', 'export const a = 2;'],
    ['a new source file', 'src/other.ts', 'export const b = 1;'],
    ['a panel component', 'src/admin/components/page.jsx', 'export default () => 1;'],
    ['a locale file', 'src/admin/locale/es.json', '{ "hola": "Buenas" }'],
    ['a migration', 'migrations/index.ts', 'export const MIGRATIONS = [1];'],
    ['tsconfig.json', 'tsconfig.json', '{ "compilerOptions": { "strict": true } }'],
    ['package-lock.json', 'package-lock.json', '{ "lockfileVersion": 3, "x": 1 }'],
  ])('rebuilds after %s changed', (_what, file, text) => {
    start();
    write(file, text);
    start();
    expect(builds()).toBe(2);
    expect(start()).toContain('up to date');
  });

  it('rebuilds when an output was deleted, and again after a failed build', () => {
    start();
    rmSync(join(project, 'dist/src/main.js'));
    start();
    expect(builds()).toBe(2);

    write('src/main.ts', 'export const a = 3;');
    write('build.mjs', `${FAKE_BUILD}\nprocess.exit(1);`);
    expect(() => start()).toThrow();
    write('build.mjs', FAKE_BUILD);
    start();
    expect(builds()).toBe(4);
  });
});
