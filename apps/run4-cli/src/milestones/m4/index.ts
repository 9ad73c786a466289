import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { check, readPhaseCheckpoint, runGatedPhases, type GatedPhase } from '@run4/checks';
import { notBuild3Evidence } from '@run4/builder-runner';
import { teardownCheck } from '@run4/compose-kit';
import { milestoneStatus, type Milestone, type MilestoneContext } from '../types.js';
import type { LiveStack, PhaseContext } from './live.js';
import { phaseBuild1 } from './phase-build1.js';
import { phaseBuilders } from './phase-builders.js';
import { phaseContracts } from './phase-contracts.js';
import { phaseDecompose } from './phase-decompose.js';
import { phaseDeploy } from './phase-deploy.js';
import { phaseGate } from './phase-gate.js';
import { phaseIndex } from './phase-index.js';
import { phaseMcpSmoke } from './phase-mcp-smoke.js';
import { phaseOrchestrate } from './phase-orchestrate.js';

/** An M4 phase; `needs` names the live deployment it needs (re-deployed on resume), `observesBuild3` marks the only checks that may carry B3-* ids. */
type PhaseDef = GatedPhase<PhaseContext> & { needs?: 'build1' | 'deploy'; observesBuild3?: boolean };

/** The phases of M4 in order (seed 001 R4-M4-001..008), when M4 plays the orchestrator itself (no Build 3 in the stack profile). */
export const M4_PHASES: readonly PhaseDef[] = [
  { name: 'build1', title: 'Build 1 deploy + health', run: phaseBuild1 },
  { name: 'mcp-smoke', title: 'MCP smoke tests', run: phaseMcpSmoke, needs: 'build1' },
  { name: 'decompose', title: 'architect decomposition of the PRD', run: phaseDecompose, needs: 'build1' },
  { name: 'contracts', title: 'contract registration', run: phaseContracts, needs: 'build1' },
  { name: 'builders', title: 'parallel builders', run: phaseBuilders },
  { name: 'deploy', title: 'deploy generated services + cross-service flows', run: phaseDeploy },
  { name: 'index', title: 'codebase indexing of the generated code', run: phaseIndex },
  { name: 'gate', title: 'quality gate L1..L4', run: phaseGate, needs: 'deploy' },
];

/** With a Build 3 under test, Build 3 runs the pipeline on the PRD instead of Run 4 registering contracts and running builders. */
export const M4_BUILD3_PHASES: readonly PhaseDef[] = [
  ...M4_PHASES.slice(0, 3),
  { name: 'orchestrate', title: 'Build 3 runs the pipeline on the PRD; Run 4 verifies each phase', run: phaseOrchestrate, needs: 'build1', observesBuild3: true },
  ...M4_PHASES.slice(5),
];

/** The phases M4 runs for a stack: with its Build 3 when the profile names its command. */
export function m4Phases(ctx: Pick<MilestoneContext, 'profile'>): readonly PhaseDef[] {
  return ctx.profile.build3?.command ? M4_BUILD3_PHASES : M4_PHASES;
}

/**
 * M4: the phase-gated end-to-end pipeline, checkpointed to `m4_pipeline.json`
 * (resumed from the first phase that did not pass on `run4 resume`); what
 * it deployed is torn down at the end.
 *
 * @example
 * const result = await m4(ctx);
 */
export const m4: Milestone = async (base: MilestoneContext) => {
  const runId = base.store.load()?.run_id ?? 'unknown';
  const workDir = path.join(base.outputDir, 'm4');
  mkdirSync(workDir, { recursive: true });
  const file = path.join(base.outputDir, 'm4_pipeline.json');
  const previous = base.options.resume ? readPhaseCheckpoint(file, runId) : null;
  // A fresh M4 starts Build 1's MCP servers on fresh data: contracts of an earlier attempt must not leak into this one.
  if (!previous) rmSync(path.join(workDir, 'mcp_data'), { recursive: true, force: true });
  const live: LiveStack = {};
  const ctx: PhaseContext = { ...base, live, runId, workDir, data: {} };
  const started = Date.now();
  const phases = m4Phases(base);
  const { progress } = ctx;
  const { checks, stoppedBy, ran } = await runGatedPhases({
    phases, ctx, file, runId, previous, idPrefix: 'm4', requirementIds: ['R4-M4-001'], label: 'M4', signal: ctx.signal,
    onStart: async (i, phase) => {
      progress.phase(4, `${i + 1}/${phases.length} ${phase.title}`);
      await ctx.store.update((s) => void (s.current_phase = `m4:${phase.name}`));
    },
    info: (l) => progress.info(l), detail: (l) => progress.detail(l), onCheck: (c) => progress.check(c),
    adjustChecks: (phase, cs) => (phase.observesBuild3 ? cs : cs.map(notBuild3Evidence)),
  });
  for (const d of [live.generated?.deployment, live.build1?.deployment]) if (d) checks.push(await teardownCheck(d));
  const totalMs = Date.now() - started;
  checks.push(check('m4.pipeline.complete', 'pipeline ran every phase end to end', ran && !stoppedBy ? 'PASS' : 'FAIL', stoppedBy ?? `all ${phases.length} phases ran`, phases === M4_BUILD3_PHASES ? ['R4-M4-001'] : ['SC-01'], totalMs));
  checks.push(check('m4.pipeline.duration', 'pipeline duration under 6 hours', totalMs < 21_600_000 ? 'PASS' : 'FAIL', `${(totalMs / 1000).toFixed(1)} s this session`, ['SC-08'], totalMs));
  const { deploy = {}, gate = {} } = ctx.data;
  await ctx.store.update((s) => {
    s.pipeline_completed = ran && !stoppedBy;
    s.services_deployed = (deploy.services as string[] | undefined) ?? [];
    s.services_healthy = (deploy.healthy as string[] | undefined) ?? [];
    s.integration_report = (gate.integration_report as Record<string, unknown> | null) ?? {};
    s.quality_gate_report = (gate.quality_gate_report as Record<string, unknown> | undefined) ?? {};
    s.current_phase = 'm4:done';
  });
  return {
    milestone: 4,
    status: milestoneStatus(checks),
    checks,
    artifacts: { pipeline: file, ...((gate.files ?? {}) as Record<string, string>) },
    cost: ((ctx.data.builders?.results ?? []) as { cost?: number }[]).reduce((sum, r) => sum + (r.cost ?? 0), 0),
    message: `${checks.filter((c) => c.status === 'PASS').length}/${checks.length} checks passed${stoppedBy ? `; stopped: ${stoppedBy}` : ''}; gate verdict ${String(gate.overall_verdict ?? 'not run')}`,
  };
};
