import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries of DESIGN.md section 2 (Nx tags)', () => {
  it('fails when mcp-probe imports quality-gate', async () => {
    const errors = await boundaryErrors('packages/mcp-probe/src/bad-import.ts', "import { x } from '@run4/quality-gate';\nexport const y = x;\n");
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/scope:mcp-probe/);
  });

  it('fails when a reference app imports any @run4 package', async () => {
    expect(await boundaryErrors('apps/foundation/src/bad-import.ts', "import { check } from '@run4/checks';\nexport const y = check;\n")).toHaveLength(1);
  });

  it('fails when a package imports the CLI app, by name or by relative path', async () => {
    // Nx reports either rule that the import breaks: apps are not importable, and run4-cli already depends on scoring.
    const byName = await boundaryErrors('packages/scoring/src/bad-import.ts', "import { x } from '@run4/cli';\nexport const y = x;\n");
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatch(/Imports of apps are forbidden|Circular dependency between "scoring" and "run4-cli"/);
    expect(await boundaryErrors('packages/scoring/src/bad-import.ts', "import { x } from '../../../apps/run4-cli/src/main.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('allows the downstream imports the design permits', async () => {
    expect(await boundaryErrors('packages/fix-loop/src/ok-import.ts', "import { a } from '@run4/quality-gate';\nimport { b } from '@run4/builder-runner';\nexport const y = [a, b];\n")).toEqual([]);
    expect(await boundaryErrors('packages/audit/src/ok-import.ts', "import { a } from '@run4/scoring';\nimport { b } from '@run4/checks';\nexport const y = [a, b];\n")).toEqual([]);
    expect(await boundaryErrors('apps/run4-cli/src/ok-import.ts', "import { a } from '@run4/mcp-probe';\nexport const y = a;\n")).toEqual([]);
  });
});
