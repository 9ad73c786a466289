import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckRecord } from '@run4/checks';
import { teardownCheck } from '@run4/compose-kit';
import { milestoneStatus, type Milestone, type MilestoneContext } from '../types.js';
import type { LiveStack, PhaseContext, PhaseOutput } from './live.js';
import { phaseBuild1 } from './phase-build1.js';
import { phaseBuilders } from './phase-builders.js';
import { phaseContracts } from './phase-contracts.js';
import { phaseDecompose } from './phase-decompose.js';
import { phaseDeploy } from './phase-deploy.js';
import { phaseGate } from './phase-gate.js';
import { phaseIndex } from './phase-index.js';
import { phaseMcpSmoke } from './phase-mcp-smoke.js';
import { phaseOrchestrate } from './phase-orchestrate.js';
import { readPipelineFile, writePipelineFile, type PhaseRecord, type PipelineFile } from './pipeline-file.js';

interface PhaseDef {
  name: string;
  title: string;
  /** A phase reports `gateFailed` when its seed gate condition (R4-M4-00x) does not hold: the pipeline stops (seed 002 section 1.1). */
  run: (ctx: PhaseContext) => Promise<PhaseOutput>;
  /** Which live deployment this phase needs (re-deployed on resume). */
  needs?: 'build1' | 'deploy';
  /** Its checks judge a Build 3's own work, and only then may carry B3-* ids. */
  observesBuild3?: boolean;
}

/** A check of Run 4's own work, with the Build 3 criteria (B3-*) taken off its requirement ids. */
export function notBuild3Evidence(c: CheckRecord): CheckRecord {
  return c.requirementIds.some((id) => id.startsWith('B3-')) ? { ...c, requirementIds: c.requirementIds.filter((id) => !id.startsWith('B3-')) } : c;
}

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

/**
 * The phases with a Build 3 under test: Run 4 still checks Build 1 and asks
 * the architect itself, then runs Build 3 on the PRD instead of registering
 * contracts and running builders, and deploys and gates what Build 3's
 * builders wrote.
 */
export const M4_BUILD3_PHASES: readonly PhaseDef[] = [
  ...M4_PHASES.slice(0, 3),
  { name: 'orchestrate', title: 'Build 3 runs the pipeline on the PRD; Run 4 verifies each phase', run: phaseOrchestrate, needs: 'build1', observesBuild3: true },
  ...M4_PHASES.slice(5),
];

/** The phases M4 runs for a stack: with its Build 3 when the profile names its command. */
export function m4Phases(ctx: Pick<MilestoneContext, 'profile'>): readonly PhaseDef[] {
  return ctx.profile.build3?.command ? M4_BUILD3_PHASES : M4_PHASES;
}

const statusOf = (checks: readonly CheckRecord[]): PhaseRecord['status'] =>
  checks.length === 0 ? 'SKIP' : checks.some((c) => c.status === 'FAIL') ? 'FAIL' : checks.every((c) => c.status === 'SKIP') ? 'SKIP' : 'PASS';

/**
 * M4: the phase-gated end-to-end pipeline. Each phase checkpoints to
 * `m4_pipeline.json` and the state's `current_phase`; on `run4 resume`,
 * phases that passed are kept and the run continues from the first one that
 * did not, re-deploying what that phase needs. Everything deployed is torn
 * down at the end of the milestone.
 *
 * @example
 * const result = await m4(ctx);
 */
export const m4: Milestone = async (base: MilestoneContext) => {
  const state = base.store.load();
  const runId = state?.run_id ?? 'unknown';
  const workDir = path.join(base.outputDir, 'm4');
  mkdirSync(workDir, { recursive: true });
  const live: LiveStack = {};
  // Only a resumed run keeps the phases that passed; a fresh M4 starts over.
  const previous = base.options.resume ? readPipelineFile(base.outputDir, runId) : null;
  // A fresh M4 starts Build 1's MCP servers on fresh data: contracts of an earlier attempt must not leak into this one.
  if (!previous) rmSync(path.join(workDir, 'mcp_data'), { recursive: true, force: true });
  const pipeline: PipelineFile = { run_id: runId, phases: {} };
  const ctx: PhaseContext = { ...base, live, runId, workDir, data: {} };
  const started = Date.now();

  const M4_PHASES = m4Phases(base);
  const firstIncomplete = M4_PHASES.findIndex((p) => previous?.phases[p.name]?.status !== 'PASS');
  const resumeFrom = firstIncomplete < 0 ? M4_PHASES.length : firstIncomplete;
  if (previous && resumeFrom > 0) ctx.progress.info(`resuming M4 at phase ${resumeFrom + 1} (${M4_PHASES[resumeFrom]?.name ?? 'end'}); earlier phases passed in this run`);
  const needed = new Set(M4_PHASES.slice(resumeFrom).map((p) => p.needs).filter(Boolean));

  let stoppedBy: string | null = null;
  for (const [i, phase] of M4_PHASES.entries()) {
    const kept = previous?.phases[phase.name];
    const reuse = i < resumeFrom && kept && !(needed.has(phase.name as 'build1' | 'deploy'));
    let record: PhaseRecord;
    if (stoppedBy) {
      record = { status: 'SKIP', checks: [check(`m4.${phase.name}`, phase.title, 'SKIP', `not run: ${stoppedBy}`, ['R4-M4-001'])], data: {}, finished_at: new Date().toISOString() };
    } else if (reuse) {
      record = kept;
      ctx.progress.detail(`phase ${phase.name}: kept from the interrupted run`);
    } else {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.progress.phase(4, `${i + 1}/${M4_PHASES.length} ${phase.title}`);
      await ctx.store.update((s) => {
        s.current_phase = `m4:${phase.name}`;
      });
      let out: PhaseOutput;
      try {
        out = await phase.run(ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        // A phase that throws is recorded and the pipeline goes on: only a seed gate stops it.
        out = { checks: [check(`m4.${phase.name}.error`, `${phase.title} ran`, 'FAIL', `threw: ${(error as Error).message}`, ['R4-M4-001'])], data: {} };
      }
      // Only what Run 4 observed of a Build 3 speaks for Build 3 (B3-*): Run 4's own compose file, deploy, Layer 2 and gate are Run 4's work.
      if (!phase.observesBuild3) out = { ...out, checks: out.checks.map(notBuild3Evidence) };
      for (const c of out.checks) ctx.progress.check(c);
      record = { status: statusOf(out.checks), checks: out.checks, data: out.data, finished_at: new Date().toISOString() };
      if (out.gateFailed) {
        record.gate_failed = out.gateFailed;
        stoppedBy = `phase "${phase.name}" failed its gate: ${out.gateFailed}`;
        ctx.progress.info(`M4 stops: ${stoppedBy}`);
      }
    }
    ctx.data[phase.name] = record.data;
    // A phase may stand in for others (Build 3's run gives what the builders phase would): its `provides` are theirs.
    for (const [name, value] of Object.entries((record.data.provides ?? {}) as Record<string, Record<string, unknown>>)) ctx.data[name] = value;
    pipeline.phases[phase.name] = record;
    writePipelineFile(ctx.outputDir, pipeline);
  }

  // Tear down what M4 deployed and prove nothing is left.
  const checks = M4_PHASES.flatMap((p) => pipeline.phases[p.name]?.checks ?? []);
  for (const d of [live.generated?.deployment, live.build1?.deployment]) if (d) checks.push(await teardownCheck(d));

  const ran = M4_PHASES.every((p) => pipeline.phases[p.name]?.status !== 'SKIP');
  const totalMs = Date.now() - started;
  checks.push(check('m4.pipeline.complete', 'pipeline ran every phase end to end', ran && !stoppedBy ? 'PASS' : 'FAIL', stoppedBy ?? `all ${M4_PHASES.length} phases ran`, M4_PHASES === M4_BUILD3_PHASES ? ['R4-M4-001'] : ['SC-01'], totalMs));
  checks.push(check('m4.pipeline.duration', 'pipeline duration under 6 hours', totalMs < 21_600_000 ? 'PASS' : 'FAIL', `${(totalMs / 1000).toFixed(1)} s this session`, ['SC-08'], totalMs));

  const deploy = ctx.data.deploy ?? {};
  const gate = ctx.data.gate ?? {};
  await ctx.store.update((s) => {
    s.pipeline_completed = ran && !stoppedBy;
    s.services_deployed = (deploy.services as string[] | undefined) ?? [];
    s.services_healthy = (deploy.healthy as string[] | undefined) ?? [];
    s.integration_report = (gate.integration_report as Record<string, unknown> | null) ?? {};
    s.quality_gate_report = (gate.quality_gate_report as Record<string, unknown> | undefined) ?? {};
    s.current_phase = 'm4:done';
  });
  const status = milestoneStatus(checks);
  const files = (gate.files ?? {}) as Record<string, string>;
  return {
    milestone: 4,
    status,
    checks,
    artifacts: { pipeline: path.join(ctx.outputDir, 'm4_pipeline.json'), ...files },
    cost: (((ctx.data.builders?.results ?? []) as { cost?: number }[]).reduce((sum, r) => sum + (r.cost ?? 0), 0)),
    message: `${checks.filter((c) => c.status === 'PASS').length}/${checks.length} checks passed${stoppedBy ? `; stopped: ${stoppedBy}` : ''}; gate verdict ${String(gate.overall_verdict ?? 'not run')}`,
  };
};
