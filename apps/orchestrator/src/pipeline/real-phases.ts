import type { BuilderDepth } from '@run4/builder-runner';
import { Build1Tools } from '../build1/build1-tools.js';
import { reviewDecomposition, runArchitectPhase } from '../phases/architect-phase.js';
import { runBuildersPhase } from '../phases/builders-phase.js';
import { runContractsPhase } from '../phases/contracts-phase.js';
import { runFixPhase } from '../phases/fix-phase.js';
import { type IntegratePhaseOptions, runIntegratePhase } from '../phases/integrate-phase.js';
import { type QualityPhaseOptions, runQualityPhase } from '../phases/quality-phase.js';
import type { PipelineContext, PipelinePhases } from './context.js';

/** Command-line choices the real phases honour. */
export interface RealPhaseOptions extends IntegratePhaseOptions, QualityPhaseOptions {
  builderDepth: BuilderDepth;
  /** `plan --system` / `build --system`. */
  systems?: readonly string[];
  maxConcurrent?: number;
}

/** The real phases plus the cleanup of the Build 1 sessions they opened. */
export interface RealPhases extends PipelinePhases {
  close(): Promise<void>;
}

/**
 * The phases wired to the real systems: Build 1 over MCP (from the config's
 * .mcp.json), builders through @run4/builder-runner, deployment through
 * @run4/compose-kit, the gate through @run4/quality-gate, fix passes
 * through @run4/fix-loop. Build 1 sessions open on first use and close at
 * the end of each Build 1 phase.
 *
 * @example
 * const phases = createRealPhases({ builderDepth: 'standard' });
 * try { await new PipelineDriver(ctx, phases).drive(); } finally { await phases.close(); }
 */
export function createRealPhases(options: RealPhaseOptions): RealPhases {
  let build1: Build1Tools | undefined;
  const tools = (ctx: PipelineContext) => (build1 ??= new Build1Tools(ctx.config, ctx.signal));
  const optionalTools = (ctx: PipelineContext) => {
    try {
      return tools(ctx);
    } catch {
      return undefined; // builders run without Build 1 wiring in their config.yaml
    }
  };
  const closeBuild1 = async () => {
    await build1?.close();
  };
  return {
    async architect(ctx) {
      try {
        await runArchitectPhase(ctx, tools(ctx), options.systems);
      } finally {
        await closeBuild1();
      }
    },
    async review(ctx) {
      return reviewDecomposition(ctx);
    },
    async registerContracts(ctx) {
      try {
        await runContractsPhase(ctx, tools(ctx));
      } finally {
        await closeBuild1();
      }
    },
    async builders(ctx) {
      await runBuildersPhase(ctx, { depth: options.builderDepth, ...(options.systems ? { systems: options.systems } : {}), ...(options.maxConcurrent ? { maxConcurrent: options.maxConcurrent } : {}), build1: optionalTools(ctx) });
    },
    async integrate(ctx) {
      await runIntegratePhase(ctx, options.composeFile ? { composeFile: options.composeFile } : {});
    },
    async qualityGate(ctx) {
      return runQualityPhase(ctx, options.layers ? { layers: options.layers } : {});
    },
    async fixPass(ctx) {
      await runFixPhase(ctx);
    },
    close: closeBuild1,
  };
}
