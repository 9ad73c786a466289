import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');

// The Python sample stack's own tests (its MCP servers, HTTP APIs, builder and MCP client): the stack
// Run 4 is checked against must itself work as its README says, or a verdict on it proves nothing.
describe('fixtures/pystack self-tests (python3 -m unittest)', () => {
  it('pass', async () => {
    const run = await execa('python3', ['-m', 'unittest', 'discover', '-s', 'fixtures/pystack/tests'], {
      cwd: root,
      reject: false,
      timeout: 600_000,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.exitCode, run.stderr.slice(-3000)).toBe(0);
    expect(run.stderr).toMatch(/^Ran \d+ tests? in/m);
    expect(run.stderr).toMatch(/^OK/m);
  }, 660_000);
});
