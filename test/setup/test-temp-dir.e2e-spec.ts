import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const SETUP_DIR = resolve('test/setup');

describe('the test run temp folder', () => {
  it('is where os.tmpdir() points during the run, in this process and in the processes it starts', () => {
    expect(basename(tmpdir())).toMatch(/^simbiosia-test-run-\d+-/);
    const childTmp = execFileSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(childTmp).toBe(tmpdir());
  });

  it('global setup then teardown leave nothing behind in the temp directory', () => {
    // A whole run's setup and teardown in a child process, against this run's server, with an
    // empty temp directory of its own: whatever a test writes to os.tmpdir() must be gone after.
    const emptyTmp = mkdtempSync(join(tmpdir(), 'teardown-check-'));
    chmodSync(emptyTmp, 0o711);
    const script = `
      const { default: setup } = await import(${JSON.stringify(join(SETUP_DIR, 'global-setup.mjs'))});
      const { default: teardown } = await import(${JSON.stringify(join(SETUP_DIR, 'global-teardown.mjs'))});
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      await setup();
      writeFileSync(mkdtempSync(tmpdir() + '/simbiosia-data-') + '/secrets.json', '{}');
      await teardown();`;
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TMPDIR: emptyTmp, TEST_DATABASE_URL: process.env.SB_TEST_ADMIN_URL, NODE_OPTIONS: '' },
        stdio: 'pipe',
      });
      expect(readdirSync(emptyTmp)).toEqual([]);
    } finally {
      rmSync(emptyTmp, { recursive: true, force: true });
    }
  });
});
