import { describe, expect, it } from 'vitest';
import { parseFixInstructions } from '../../src/fix/instructions.js';

describe('FIX_INSTRUCTIONS.md parsing', () => {
  it('reads priority, code, file, optional line, message and remediation', () => {
    const items = parseFixInstructions(
      [
        '# Fix Instructions',
        '',
        '## P1',
        '',
        '### HEALTH-001',
        '',
        '- [HEALTH-001] src/server.js \u2014 no health route',
        '  - Fix: add GET /health',
        '',
        '## P2',
        '',
        '### LOG-001',
        '',
        '- [LOG-001] src/handlers.js:12 \u2014 console.log: call',
        '',
      ].join('\n'),
    );
    expect(items).toEqual([
      { priority: 'P1', code: 'HEALTH-001', file: 'src/server.js', message: 'no health route', remediation: 'add GET /health' },
      { priority: 'P2', code: 'LOG-001', file: 'src/handlers.js', line: 12, message: 'console.log: call' },
    ]);
  });

  it('rejects a file without the title and a violation line without the em dash, naming the line', () => {
    expect(() => parseFixInstructions('# Fixes\n')).toThrow(/line 1 must be "# Fix Instructions"/);
    expect(() => parseFixInstructions('# Fix Instructions\n\n## P0\n\n- [SEC-001] src/a.js - hyphen instead\n')).toThrow(/FIX_INSTRUCTIONS\.md:5/);
  });
});
