import path from 'node:path';
import { check } from '@run4/checks';
import { agentTeamsFallbackProbe, runBuilderWiringChecks } from '@run4/builder-runner';
import { milestoneStatus, type Milestone, type MilestoneResult } from '../types.js';
import { builderRow } from '../../ui/progress.js';

/**
 * M3: Build 2 → Build 3 builder wiring (seed 001 R4-M3-001..006): builder
 * invocation, STATE.json parsing, config generation for every depth (parsed
 * back by the builder), three builders in parallel with isolation checked,
 * the fix-instructions round trip, and the agent-teams fallback (run with
 * agent_teams enabled, fallback_to_cli true then false, when the stack
 * profile sets build2.agent_teams_option; SKIP with the reason otherwise). Writes the state's M3
 * fields.
 *
 * @example
 * const result = await m3(ctx);
 */
export const m3: Milestone = async (ctx): Promise<MilestoneResult> => {
  const { config, progress } = ctx;
  const workDir = path.join(ctx.outputDir, 'm3_builders');
  progress.phase(3, `builders: ${config.builder_command}`);
  const build2 = ctx.profile.build2;
  // The sample app's services with an OpenAPI contract, from the stack profile.
  const services = Object.entries(ctx.profile.sample_app.contracts).flatMap(([name, c]) =>
    c.openapi ? [{ name, port: ctx.profile.services.port, openapi: c.openapi, ...(c.asyncapi ? { asyncapi: c.asyncapi } : {}), prd: config.sample_prd_path }] : [],
  );
  if (services.length === 0) {
    const c = check('m3.services', 'sample-app services to build', 'FAIL', `the stack profile gives no service with an OpenAPI contract (sample_app.contracts in ${config.stack_profile}): M3 has nothing to build`, ['R4-M3-001']);
    return { milestone: 3, status: 'FAIL', checks: [c], artifacts: {}, message: c.evidence };
  }
  const report = await runBuilderWiringChecks({
    workDir,
    command: config.builder_command,
    // The builder's own config parser where it has one; otherwise a real build at every depth.
    validateConfigCommand: build2.validate_config_option ? `${config.builder_command} ${build2.validate_config_option}` : config.builder_command,
    services,
    depth: 'standard',
    timeoutMs: config.builder_timeout_s * 1000,
    maxConcurrent: config.max_concurrent_builders,
    // R4-M3-006 only where the stack profile opts its builder in (build2.agent_teams_option): the probe enables agent teams for real.
    ...(build2.agent_teams_option === undefined
      ? { agentTeamsSkipReason: 'the stack profile names no agent-teams option for this builder (build2.agent_teams_option; seed 003 section 4.4 is optional)' }
      : {
          agentTeamsProbe: agentTeamsFallbackProbe({
            workDir: path.join(workDir, 'agent-teams'),
            service: services[0]!,
            run: {
              command: build2.agent_teams_option ? `${config.builder_command} ${build2.agent_teams_option}` : config.builder_command,
              timeoutMs: config.builder_timeout_s * 1000,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
            },
          }),
        }),
    signal: ctx.signal,
    onProgress: (event) => {
      progress.row(builderRow(3, event));
      if (event.type === 'started') progress.info(`builder ${event.service_id}: started`);
      else progress.info(`builder ${event.service_id}: ${event.result.success ? 'succeeded' : 'FAILED'}${event.result.error ? ` (${event.result.error})` : ''}`);
    },
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
