import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const helper = path.join(__dirname, 'fixtures', 'pact-verify-child.mts');

describe('Pact verifier output', () => {
  it('never reaches stdout: the native report goes to stderr, the verdicts are unchanged', async () => {
    const r = await execa('node', ['--conditions=@run4/source', '--import', 'tsx', helper], { reject: false, cwd: path.resolve(__dirname, '../..'), timeout: 240_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Verifying a pact between');
    const line = r.stderr.split('\n').find((l) => l.startsWith('RESULT '));
    expect(JSON.parse(line!.slice('RESULT '.length))).toEqual({ passed: 2, total: 3, codes: ['PACT-001'], states: ['alice'] });
  }, 300_000);
});
