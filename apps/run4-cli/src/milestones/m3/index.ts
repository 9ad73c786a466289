import path from 'node:path';
import { runM3Checks, tasktrackerServices } from '@run4/builder-runner';
import { milestoneStatus, type Milestone } from '../types.js';

/**
 * M3: Build 2 → Build 3 builder wiring (seed 001 R4-M3-001..006): builder
 * invocation, STATE.json parsing, config generation for every depth (parsed
 * back by the builder), three builders in parallel with isolation checked,
 * the fix-instructions round trip, and the agent-teams fallback (SKIP with
 * the reason when the builder does not expose it). Writes the state's M3
 * fields.
 *
 * @example
 * const result = await m3(ctx);
 */
export const m3: Milestone = async (ctx) => {
  const { config, progress } = ctx;
  const workDir = path.join(ctx.outputDir, 'm3_builders');
  progress.phase(3, `builders: ${config.builder_command}`);
  const isReference = config.builder_command.includes(path.join('apps', 'builder', 'dist', 'cli.js'));
  const report = await runM3Checks({
    workDir,
    command: config.builder_command,
    ...(isReference ? { validateConfigCommand: `${config.builder_command} --validate-config` } : {}),
    services: tasktrackerServices(config.fixtures_dir),
    depth: 'standard',
    timeoutMs: config.builder_timeout_s * 1000,
    maxConcurrent: config.max_concurrent_builders,
    agentTeamsSkipReason: isReference
      ? 'the reference builder has no agent-teams backend (seed 003 section 4.4 is optional)'
      : 'no agent-teams probe configured for this builder',
    signal: ctx.signal,
    onProgress: (event) =>
      event.type === 'started'
        ? progress.info(`builder ${event.service_id}: started`)
        : progress.info(`builder ${event.service_id}: ${event.result.success ? 'succeeded' : 'FAILED'}${event.result.error ? ` (${event.result.error})` : ''}`),
  });
  for (const c of report.checks) progress.check(c);
  await ctx.store.update((s) => {
    Object.assign(s, report.fields);
    s.current_phase = 'm3:checked';
  });
  const status = milestoneStatus(report.checks);
  return {
    milestone: 3,
    status,
    checks: report.checks,
    artifacts: { m3_builders: workDir },
    message: `${report.checks.filter((c) => c.status === 'PASS').length}/${report.checks.length} checks passed; b2_b3_wiring_passed=${report.fields.b2_b3_wiring_passed}`,
    cost: (report.invocation?.cost ?? 0) + (report.fleet?.total_cost ?? 0),
  };
};
