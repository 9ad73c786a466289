import { runCheck, type CheckRecord } from '@run4/checks';
import { loadMcpConfig } from '@run4/mcp-probe';
import { BUILD1_ROLES, type StackProfile } from '@run4/schemas';

/**
 * The stack profile is consistent with the stack it describes (R4-M1-001):
 * every Build 1 role is mapped to a server the `.mcp.json` really has, and
 * every data-flow step, auth step and provider-state step calls a service
 * the profile knows (a sample-app service or a Build 1 HTTP API).
 *
 * @example
 * const rec = await checkStackProfile(profile, '/srv/my-stack/run4.stack.yaml');
 */
export async function checkStackProfile(profile: StackProfile, file: string): Promise<CheckRecord> {
  return runCheck({ id: 'm1.stack-profile', name: 'stack profile matches the stack under test', requirementIds: ['R4-M1-001'] }, () => {
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
