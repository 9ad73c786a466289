import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { execa } from 'execa';
import { type CheckRecord, runCheck } from '@run4/checks';
import {
  BUILDER_DEPTHS,
  type BuilderConfig,
  type BuilderDepth,
  generateBuilderConfig,
  parseBuilderConfig,
  stringifyBuilderConfig,
} from '../builder-config.js';
import { expandCommandTemplate } from '../command-template.js';
import { prepareBuilderDir, type ServiceInput } from '../prepare-builder-dir.js';

/** Seed 003 section 8.5, written out independently of the generator so a generator defect shows. */
const EXPECTED_GATING: Record<BuilderDepth, { ce: boolean; ci: boolean; ciWrite: boolean; scans: number; features: boolean }> = {
  quick: { ce: false, ci: false, ciWrite: false, scans: 0, features: false },
  standard: { ce: true, ci: true, ciWrite: false, scans: 2, features: true },
  thorough: { ce: true, ci: true, ciWrite: true, scans: 4, features: true },
  exhaustive: { ce: true, ci: true, ciWrite: true, scans: 4, features: true },
};

function gatingProblems(depth: BuilderDepth, cfg: BuilderConfig): string[] {
  const want = EXPECTED_GATING[depth];
  const problems: string[] = [];
  const expect = (label: string, got: unknown, wanted: unknown) => {
    if (got !== wanted) problems.push(`${depth}: ${label} is ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
  };
  expect('depth', cfg.depth, depth);
  expect('milestone.enabled', cfg.milestone.enabled, want.features);
  expect('e2e_testing.enabled', cfg.e2e_testing.enabled, want.features);
  expect('post_orchestration_scans.api_contract_scan', cfg.post_orchestration_scans.api_contract_scan, want.features);
  expect('contract_engine.enabled', cfg.contract_engine.enabled, want.ce);
  expect('codebase_intelligence.enabled', cfg.codebase_intelligence.enabled, want.ci);
  expect('codebase_intelligence.register_artifacts', cfg.codebase_intelligence.register_artifacts, want.ciWrite);
  expect('CONTRACT scans', cfg.post_orchestration_scans.contract_scans.length, want.scans);
  return problems;
}

export interface ConfigGenerationCheckOptions {
  workDir: string;
  service: ServiceInput;
  validateConfigCommand?: string | readonly string[];
  timeoutMs?: number;
  /** The generator under test; default {@link generateBuilderConfig}. */
  generate?: typeof generateBuilderConfig;
}

/**
 * R4-M3-003 / X-06 / B2-09: generate config.yaml for every depth, read each
 * back (this package's schema, and the builder's own parser when
 * `validateConfigCommand` is given), and verify the seed fields and the depth
 * gating of seed 003 section 8.5 (quick = every Build 1 feature off).
 *
 * @example
 * const rec = await checkConfigGeneration({ workDir: '/tmp/wiring/config', service,
 *   validateConfigCommand: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth} --validate-config' });
 */
export async function checkConfigGeneration(options: ConfigGenerationCheckOptions): Promise<CheckRecord> {
  const generate = options.generate ?? generateBuilderConfig;
  return runCheck(
    { id: 'm3.config-generation', name: 'Builder config generation for every depth', requirementIds: ['R4-M3-003', 'X-06', 'B2-09'] },
    async () => {
      const problems: string[] = [];
      const builderVerdicts: Record<string, string> = {};
      for (const depth of BUILDER_DEPTHS) {
        const dir = join(options.workDir, `config-${depth}`);
        await prepareBuilderDir(dir, options.service, depth);
        const generated = generate(depth, {
          service: { name: options.service.name, port: options.service.port ?? 8080 },
          contracts: { openapi: 'contracts/openapi.yaml', ...(options.service.asyncapi ? { asyncapi: 'contracts/asyncapi.yaml' } : {}) },
        });
        const path = join(dir, 'config.yaml');
        await writeFile(path, stringifyBuilderConfig(generated), 'utf8');
        let reparsed: BuilderConfig;
        try {
          reparsed = parseBuilderConfig(await readFile(path, 'utf8'), path);
        } catch (error) {
          problems.push(`${depth}: ${(error as Error).message}`);
          continue;
        }
        if (!isDeepStrictEqual(reparsed, generated)) problems.push(`${depth}: config read back differs from the generated one`);
        problems.push(...gatingProblems(depth, reparsed));
        if (options.validateConfigCommand) {
          const cmd = expandCommandTemplate(options.validateConfigCommand, { dir, config: path, depth, service: options.service.name });
          const run = await execa(cmd[0] as string, cmd.slice(1), { cwd: dir, reject: false, timeout: options.timeoutMs ?? 60_000, all: true });
          const out = (run.all ?? '').toString().trim().split('\n').slice(-3).join(' | ');
          builderVerdicts[depth] = run.exitCode === 0 ? 'accepted' : `rejected (exit ${String(run.exitCode)}): ${out}`;
          if (run.exitCode !== 0) problems.push(`${depth}: the builder rejected ${path} (exit ${String(run.exitCode)}): ${out}`);
        }
      }
      const data = { depths: [...BUILDER_DEPTHS], builderVerdicts };
      if (problems.length > 0) return { status: 'FAIL', evidence: problems.join('; '), data };
      if (!options.validateConfigCommand) {
        return {
          status: 'WARN',
          evidence: `4/4 depths generated, read back and gated per seed 003 section 8.5, but not parsed by the builder itself (no validateConfigCommand given)`,
          data,
        };
      }
      return {
        status: 'PASS',
        evidence: `4/4 depths (quick, standard, thorough, exhaustive) generated, read back identically, gated per seed 003 section 8.5, and accepted by the builder's own parser`,
        data,
      };
    },
  );
}
