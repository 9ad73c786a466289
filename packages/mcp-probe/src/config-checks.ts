import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckRecord } from '@run4/checks';
import { BUILD1_ROLES, type StackProfile } from '@run4/schemas';
import { loadMcpConfig } from './mcp-config.js';

/**
 * The stack profile is consistent with the stack it describes: every
 * Build 1 role is mapped to a server the `.mcp.json` really has, and every
 * data-flow step, auth step and provider-state step calls a service the
 * profile knows (a sample-app service or a Build 1 HTTP API). `file` is the
 * profile's path, for evidence.
 *
 * @example
 * const rec = await checkStackProfile(profile, '/srv/my-stack/run4.stack.yaml', { id: 'stack-profile', requirementIds: ['R4-M1-001'] });
 */
export async function checkStackProfile(profile: StackProfile, file: string, identity: Pick<CheckRecord, 'id' | 'requirementIds'>): Promise<CheckRecord> {
  return runCheck({ ...identity, name: 'stack profile matches the stack under test' }, () => {
    const problems: string[] = [];
    let names: string[] = [];
    try {
      names = loadMcpConfig(profile.build1.mcp_config).map((s) => s.name);
    } catch (error) {
      problems.push(`build1.mcp_config: ${(error as Error).message.split('\n')[0]}`);
    }
    for (const role of BUILD1_ROLES) {
      const binding = profile.build1.roles[role];
      if (!binding) problems.push(`build1.roles.${role}: no server plays this role`);
      else if (names.length && !names.includes(binding.mcp_server)) problems.push(`build1.roles.${role}.mcp_server: "${binding.mcp_server}" is not in the .mcp.json (it has ${names.join(', ')})`);
    }
    const known = new Set([...Object.keys(profile.sample_app.contracts), ...Object.values(profile.build1.roles).flatMap((b) => (b?.http ? [b.http.service] : []))]);
    const steps = [
      ...profile.sample_app.flows.flatMap((f) => f.steps.map((s, i) => [`sample_app.flows[${f.id}].steps[${i}]`, s.service] as const)),
      ...(profile.sample_app.auth?.steps ?? []).map((s, i) => [`sample_app.auth.steps[${i}]`, s.service] as const),
      ...Object.entries(profile.sample_app.contracts).flatMap(([svc, c]) => Object.entries(c.provider_states).flatMap(([state, st]) => st.steps.map((s, i) => [`sample_app.contracts.${svc}.provider_states["${state}"].steps[${i}]`, s.service] as const))),
    ];
    for (const [where, service] of steps) if (!known.has(service)) problems.push(`${where}: calls "${service}", which is neither a sample-app service with contracts nor a Build 1 HTTP API`);
    if (problems.length) return { status: 'FAIL', evidence: `${file}: ${problems.join('; ')}` };
    return { status: 'PASS', evidence: `${profile.name}: ${BUILD1_ROLES.length} roles mapped to ${names.join(', ')}; ${profile.sample_app.flows.length} flows and ${steps.length - profile.sample_app.flows.reduce((n, f) => n + f.steps.length, 0)} setup steps call known services` };
  });
}

/**
 * The `.mcp.json` at `file` loads (schema, relative cwd and `${VAR:-default}`
 * expansion, with file and field in its errors) and lists servers.
 *
 * @example
 * await checkMcpConfigFile('.mcp.json', { id: 'mcp-config', requirementIds: ['R4-M1-006'] });
 */
export async function checkMcpConfigFile(file: string, identity: Pick<CheckRecord, 'id' | 'requirementIds'>): Promise<CheckRecord> {
  return runCheck({ ...identity, name: 'MCP server config (.mcp.json) readable' }, () => {
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
 * The servers of a `.mcp.json` can start: every stdio server has its command
 * on PATH and every file argument it names (a script such as
 * `dist/architect/mcp.js` or `server.py`) present in its cwd, so a missing
 * build shows, whatever the stack's language.
 *
 * @example
 * await checkServersRunnable('.mcp.json', { id: 'servers-runnable', requirementIds: ['R4-M1-006'] });
 */
export async function checkServersRunnable(file: string, identity: Pick<CheckRecord, 'id' | 'requirementIds'>): Promise<CheckRecord> {
  return runCheck({ ...identity, name: 'Build 1 server commands and their files exist' }, () => {
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
