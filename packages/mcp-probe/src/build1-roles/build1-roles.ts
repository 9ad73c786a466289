import { check, type CheckRecord } from '@run4/checks';
import { BUILD1_ROLES, type Build1Role, type StackProfile } from '@run4/schemas';
import type { ResolvedServer } from '../mcp-config.js';

/** The seed's name of each Build 1 role (seed 003 section 1), as the probe's build1 profile knows them. */
const SEED_NAMES: Record<Build1Role, string> = { architect: 'architect', contract_engine: 'contract-engine', codebase_intelligence: 'codebase-intelligence' };

/** The configured servers seen through a stack profile's role mapping (see {@link byRole}). */
export interface ServersByRole {
  /** Every configured server; those playing a role carry the seed's name of it. */
  servers: ResolvedServer[];
  /** Seed role name -> the server's configured name. */
  names: Record<string, string>;
  missingRoles: Build1Role[];
  /** Configured servers playing no role. */
  unmapped: string[];
}

/**
 * The configured `.mcp.json` servers seen through the stack profile's role
 * mapping: a server playing a Build 1 role is probed under the seed's name
 * of that role (so the build1 expectations apply whatever the stack calls
 * it); other servers are probed as they are. Nothing is guessed from names.
 *
 * @example
 * const { servers, missingRoles } = byRole(loadMcpConfig('.mcp.json'), profile);
 */
export function byRole(configured: readonly ResolvedServer[], profile: StackProfile): ServersByRole {
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

/**
 * The configured server (under its own name) the stack profile maps to a
 * Build 1 role (`build1.roles.<role>.mcp_server`).
 *
 * @example
 * profileRoleServer(profile, loadMcpConfig('.mcp.json'), 'architect')?.name;
 */
export function profileRoleServer(profile: StackProfile, servers: readonly ResolvedServer[], role: Build1Role): ResolvedServer | undefined {
  const name = profile.build1.roles[role]?.mcp_server;
  return name ? servers.find((s) => s.name === name) : undefined;
}

/**
 * R4-M2-001: every Build 1 role is played by a configured MCP server (FAIL
 * naming the roles without one; servers without a role are listed).
 *
 * @example
 * const c = checkRoleMapping(byRole(configured, profile));
 */
export function checkRoleMapping(mapping: Pick<ServersByRole, 'names' | 'missingRoles' | 'unmapped'>): CheckRecord {
  const { names, missingRoles, unmapped } = mapping;
  return check(
    'm2.roles',
    'every Build 1 role is played by a configured MCP server',
    missingRoles.length ? 'FAIL' : 'PASS',
    `${Object.entries(names).map(([role, server]) => `${role} = ${server}`).join(', ') || 'no role mapped'}${missingRoles.length ? `; no server for ${missingRoles.join(', ')}` : ''}${unmapped.length ? `; probed without a role: ${unmapped.join(', ')}` : ''}`,
    ['R4-M2-001'],
  );
}
