import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runCheck, type CheckRecord } from '@run4/checks';
import { newState, StateStore } from '../../state/index.js';
import { milestoneStatus, type Milestone } from '../types.js';
import { detectEngine } from '@run4/compose-kit';
import { loadMcpConfig } from '@run4/mcp-probe';
import { checkDocker, checkNodeVersion } from './environment.js';
import { checkFixtures } from './fixtures.js';
import { checkStackProfile } from './stack-profile.js';

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

async function checkMcpConfig(file: string): Promise<CheckRecord> {
  return runCheck({ id: 'm1.mcp-config', name: 'MCP server config (.mcp.json) readable', requirementIds: ['R4-M1-006'] }, () => {
    // The probe's own loader: schema, relative cwd and ${VAR:-default} expansion, with file and field in its errors.
    let servers;
    try {
      servers = loadMcpConfig(file);
    } catch (error) {
      return { status: 'FAIL', evidence: `${(error as Error).message} (fix: mcp_config_path in run4.config.yaml)` };
    }
    if (servers.length === 0) return { status: 'FAIL', evidence: `${file} has no mcpServers entries` };
    return { status: 'PASS', evidence: `${servers.length} servers: ${servers.map((s) => s.name).join(', ')}` };
  });
}

/** Is `command` an existing file, or found on PATH? */
function onPath(command: string, cwd: string): boolean {
  if (command.includes('/')) return existsSync(path.resolve(cwd, command));
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/**
 * The systems under test can start (R4-M1-006): every stdio server of the
 * `.mcp.json` has its command on PATH and every file argument it names
 * (a script such as `dist/architect/mcp.js` or `server.py`) present in its
 * cwd, so a missing build shows here, whatever the stack's language.
 */
async function checkServersRunnable(file: string): Promise<CheckRecord> {
  return runCheck({ id: 'm1.servers-runnable', name: 'Build 1 server commands and their files exist', requirementIds: ['R4-M1-006'] }, () => {
    let servers;
    try {
      servers = loadMcpConfig(file);
    } catch (error) {
      return { status: 'FAIL', evidence: (error as Error).message };
    }
    const problems: string[] = [];
    const seen: string[] = [];
    for (const s of servers) {
      if (s.transport !== 'stdio') continue;
      if (!onPath(s.command, s.cwd)) problems.push(`${s.name}: command "${s.command}" not found`);
      for (const arg of s.args) {
        if (/^[^-].*\.(m?[jt]s|cjs|py|rb|jar|php)$/.test(arg)) {
          if (existsSync(path.resolve(s.cwd, arg))) seen.push(`${s.name}: ${arg}`);
          else problems.push(`${s.name}: ${arg} does not exist in ${s.cwd} (not built?)`);
        }
      }
    }
    if (problems.length) return { status: 'FAIL', evidence: `${problems.join('; ')} (fix: build the systems under test, e.g. npx nx run-many -t build)` };
    return { status: 'PASS', evidence: `${servers.length} servers; commands found${seen.length ? `; files present: ${seen.join(', ')}` : ''}` };
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
  add(await checkStackProfile(ctx.profile, config.stack_profile));
  add(await checkStateRoundTrip());
  progress.phase(1, 'fixtures');
  for (const c of await checkFixtures(ctx.profile)) add(c);
  progress.phase(1, 'environment');
  add(await checkNodeVersion());
  const engine = await detectEngine();
  add(await checkDocker(engine, ctx.options.backend ?? config.deploy_backend));
  add(await checkMcpConfig(config.mcp_config_path));
  add(await checkServersRunnable(config.mcp_config_path));
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
