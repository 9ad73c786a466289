import { runBuilder, type RunBuilderOptions } from '@run4/builder-runner';
import { writeServiceFixInstructions } from './instructions.js';
import type { FixLoopDeps } from './run-fix-loop.js';

export interface BuilderApplyOptions extends Omit<RunBuilderOptions, 'depth'> {
  /** The builder directory of a service (holding config.yaml and the generated service). */
  dirOf: (service: string) => string;
}

/**
 * The real `applyFixes` of R4-M5-003 step 4 for generated services: write
 * `{dir}/FIX_INSTRUCTIONS.md` through builder-runner's `writeFixInstructions`,
 * then run that service's builder with `--depth quick` via builder-runner's
 * `runBuilder`. Returns the builder's cost and whether it succeeded (a
 * failed quick build is not thrown: verification shows what was not fixed).
 *
 * @example
 * const applyFixes = builderApplyFixes({ dirOf: (s) => join('.run4/m4_builder_outputs', s), command: 'node apps/builder/dist/cli.js --cwd {dir} --depth {depth}' });
 * await runFixLoop({ outputDir: '.run4', initial, deps: { applyFixes, rescan } });
 */
export function builderApplyFixes(options: BuilderApplyOptions): FixLoopDeps['applyFixes'] {
  const { dirOf, ...runOptions } = options;
  return async (service, instructions) => {
    const dir = dirOf(service);
    await writeServiceFixInstructions(dir, instructions);
    const result = await runBuilder({ service_id: service, dir, depth: 'quick' }, { ...runOptions, depth: 'quick' });
    return { cost: result.cost, success: result.success, ...(result.error ? { error: result.error } : {}) };
  };
}
