import type { ResolvedServer } from '@run4/mcp-probe';
import { BUILD1_ROLES, type Build1Role, type StackProfile } from '@run4/schemas';

/** The seed's name of each Build 1 role (seed 003 section 1), as the probe's build1 profile knows them. */
const SEED_NAMES: Record<Build1Role, string> = { architect: 'architect', contract_engine: 'contract-engine', codebase_intelligence: 'codebase-intelligence' };

/**
 * The configured `.mcp.json` servers seen through the stack profile's role
 * mapping: a server playing a Build 1 role is probed under the seed's name
 * of that role (so the build1 expectations apply whatever the stack calls
 * it); other servers are probed as they are. Nothing is guessed from names.
 *
 * @example
 * const { servers, missingRoles } = byRole(loadMcpConfig('.mcp.json'), profile);
 */
export function byRole(configured: readonly ResolvedServer[], profile: StackProfile): { servers: ResolvedServer[]; names: Record<string, string>; missingRoles: Build1Role[]; unmapped: string[] } {
  const names: Record<string, string> = {};
  const missingRoles: Build1Role[] = [];
  const roleOf = new Map<string, Build1Role>();
  for (const role of BUILD1_ROLES) {
    const server = profile.build1.roles[role]?.mcp_server;
    if (server && configured.some((s) => s.name === server)) roleOf.set(server, role);
    else missingRoles.push(role);
  }
  const taken = new Set([...roleOf.values()].map((r) => SEED_NAMES[r]));
  const servers = configured.map((s) => {
    const role = roleOf.get(s.name);
    if (role) {
      names[SEED_NAMES[role]] = s.name;
      return { ...s, name: SEED_NAMES[role] };
    }
    // A server outside the roles keeps its name unless it would shadow a role's seed name.
    return taken.has(s.name) ? { ...s, name: `${s.name} (unmapped)` } : s;
  });
  const unmapped = configured.filter((s) => !roleOf.has(s.name)).map((s) => s.name);
  return { servers, names, missingRoles, unmapped };
}

/**
 * The server playing a Build 1 role among the servers {@link byRole} returned
 * (they carry the seed's name of their role).
 *
 * @example
 * serverOfRole(byRole(configured, profile).servers, 'contract_engine')?.command; // 'node'
 */
export function serverOfRole(servers: readonly ResolvedServer[], role: Build1Role): ResolvedServer | undefined {
  return servers.find((s) => s.name === SEED_NAMES[role]);
}
