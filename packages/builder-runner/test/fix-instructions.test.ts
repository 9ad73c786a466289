import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixInstructionsError, formatFixInstructions, parseFixInstructions, writeFixInstructions } from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('FIX_INSTRUCTIONS.md', () => {
  it('groups by priority then code, one exact line per violation, paths relative to the builder dir', async () => {
    const dir = await tempDir();
    const path = await writeFixInstructions(dir, [
      { code: 'LOG-001', severity: 'warning', category: 'logging', file_path: join(dir, 'src/server.js'), line: 40, message: 'print-style\nconsole call', remediation: 'use the JSON logger' },
      { code: 'HEALTH-001', priority: 'P0', file_path: 'src/server.js', message: 'no /health route', remediation: 'add GET /health' },
      { code: 'SCHEMA-001', severity: 'error', file_path: 'src/routes/orders.js', line: 12, message: 'response field "status" missing from the contract' },
      { code: 'LOG-001', severity: 'warning', file_path: 'src/db.js', line: 3, message: 'console.log' },
    ]);
    expect(path).toBe(join(dir, 'FIX_INSTRUCTIONS.md'));
    expect(await readFile(path, 'utf8')).toBe(
      [
        '# Fix Instructions',
        '',
        '## P0',
        '',
        '### HEALTH-001',
        '',
        '- [HEALTH-001] src/server.js \u2014 no /health route',
        '  - Fix: add GET /health',
        '',
        '## P1',
        '',
        '### SCHEMA-001',
        '',
        '- [SCHEMA-001] src/routes/orders.js:12 \u2014 response field "status" missing from the contract',
        '',
        '## P2',
        '',
        '### LOG-001',
        '',
        '- [LOG-001] src/db.js:3 \u2014 console.log',
        '- [LOG-001] src/server.js:40 \u2014 print-style console call',
        '  - Fix: use the JSON logger',
        '',
        '## P3',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through parseFixInstructions', () => {
    const text = formatFixInstructions([
      { code: 'SEC-001', priority: 'P1', file_path: 'src/a b.js', line: 7, message: 'x \u2014 y: z', remediation: 'r' },
      { code: 'DOCKER-002', priority: 'P3', file_path: 'Dockerfile', message: 'runs as root' },
    ]);
    expect(parseFixInstructions(text)).toEqual([
      { priority: 'P1', code: 'SEC-001', file: 'src/a b.js', line: 7, message: 'x \u2014 y: z', remediation: 'r' },
      { priority: 'P3', code: 'DOCKER-002', file: 'Dockerfile', message: 'runs as root' },
    ]);
  });

  it('rejects a violation without a file or a code in the scan-code form', () => {
    expect(() => formatFixInstructions([{ code: 'oops', file_path: '', message: 'm' }])).toThrow(FixInstructionsError);
  });

  it('names the line of anything that does not fit the format', () => {
    const bad = '# Fix Instructions\n\n## P0\n\n### HEALTH-001\n\n- [LOG-001] src/a.js:1 \u2014 wrong group\n* not a line\n';
    expect(() => parseFixInstructions(bad)).toThrow(/line 7: violation \[LOG-001\] is inside the "### HEALTH-001" group[\s\S]*line 8: not a FIX_INSTRUCTIONS.md line/);
  });
});
