import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runCheck, type CheckRecord } from '@run4/checks';
import { checkDockerEngine, checkNodeVersion, detectEngine } from '@run4/compose-kit';
import { checkMcpConfigFile, checkServersRunnable, checkStackProfile } from '@run4/mcp-probe';
import { checkSampleAppFixtures } from '@run4/quality-gate';
import { newState, StateStore } from '../../state/index.js';
import { milestoneStatus, type Milestone } from '../types.js';

async function checkStateRoundTrip(): Promise<CheckRecord> {
  return runCheck({ id: 'm1.state.roundtrip', name: 'RUN4_STATE.json save/load round trip', requirementIds: ['R4-M1-002'] }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-state-'));
    try {
      const store = new StateStore(dir);
      const saved = await store.update(() => {
        const s = newState();
        s.completed_milestones = [1, 2];
        s.mcp_health = { architect: { status: 'healthy', tools_count: 4, tool_names: ['decompose'] } };
        s.fix_passes = [{ pass_number: 1, effectiveness: 0.5 }];
        s.phase_costs = { m1: 0.1 };
        return s;
      });
      const loaded = store.load();
      if (!loaded) return { status: 'FAIL', evidence: 'load returned null after save' };
      if (!isDeepStrictEqual(loaded, saved)) return { status: 'FAIL', evidence: 'loaded state differs from the saved one' };
      return { status: 'PASS', evidence: `${Object.keys(saved).length} fields preserved through save/load` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * M1: test infrastructure. Validates the fixtures with real parsers, checks
 * the environment (Node, Docker engine, compose flavour), config and state
 * persistence, and that the systems under test are reachable.
 *
 * @example
 * const result = await m1(ctx); result.status; // 'PASS'
 */
export const m1: Milestone = async (ctx) => {
  const { config, progress } = ctx;
  const checks: CheckRecord[] = [];
  const add = (c: CheckRecord) => {
    checks.push(c);
    progress.check(c);
  };
  progress.phase(1, 'config and state');
  add(await checkStackProfile(ctx.profile, config.stack_profile, { id: 'm1.stack-profile', requirementIds: ['R4-M1-001'] }));
  add(await checkStateRoundTrip());
  progress.phase(1, 'fixtures');
  for (const c of await checkSampleAppFixtures(ctx.profile.sample_app, 'm1.fixture')) add(c);
  progress.phase(1, 'environment');
  add(await checkNodeVersion({ id: 'm1.env.node', requirementIds: ['R4-M1-001'] }));
  const engine = await detectEngine();
  add(await checkDockerEngine(engine, ctx.options.backend ?? config.deploy_backend, { id: 'm1.env.docker', requirementIds: ['R4-M1-001'] }));
  add(await checkMcpConfigFile(config.mcp_config_path, { id: 'm1.mcp-config', requirementIds: ['R4-M1-006'] }));
  add(await checkServersRunnable(config.mcp_config_path, { id: 'm1.servers-runnable', requirementIds: ['R4-M1-006'] }));
  await ctx.store.update((s) => {
    s.milestone_artifacts.environment = {
      node: process.versions.node,
      docker_engine: engine.serverVersion ?? null,
      compose: engine.compose ? { flavour: engine.compose.version, version: engine.compose.versionText } : null,
    };
  });
  const status = milestoneStatus(checks);
  return { milestone: 1, status, checks, artifacts: {}, message: `${checks.filter((c) => c.status === 'PASS').length}/${checks.length} checks passed` };
};
