import { describe, expect, it } from 'vitest';
import type { StackProfile } from '@run4/schemas';
import { byRole, checkRoleMapping, profileRoleServer, serverOfRole, type ResolvedServer } from '../../src/index.js';

const server = (name: string): ResolvedServer => ({ name, transport: 'stdio', command: 'node', args: [`${name}.js`], env: {}, cwd: '/' });
/** Only the part of a stack profile the role mapping reads. */
const profile = (roles: Record<string, string>) => ({ build1: { roles: Object.fromEntries(Object.entries(roles).map(([role, mcp_server]) => [role, { mcp_server }])) } }) as unknown as StackProfile;
const configured = [server('planner'), server('specs'), server('code-index'), server('extra')];
const all = profile({ architect: 'planner', contract_engine: 'specs', codebase_intelligence: 'code-index' });

describe('byRole', () => {
  it("renames each role's server to the seed name and keeps the others", () => {
    const r = byRole(configured, all);
    expect(r.servers.map((s) => s.name)).toEqual(['architect', 'contract-engine', 'codebase-intelligence', 'extra']);
    expect(r.names).toEqual({ architect: 'planner', 'contract-engine': 'specs', 'codebase-intelligence': 'code-index' });
    expect(r.missingRoles).toEqual([]);
    expect(r.unmapped).toEqual(['extra']);
    expect(serverOfRole(r.servers, 'contract_engine')).toMatchObject({ args: ['specs.js'] });
  });

  it('reports a role whose server is not configured', () => {
    const r = byRole([server('planner')], profile({ architect: 'planner', contract_engine: 'missing' }));
    expect(r.missingRoles).toEqual(['contract_engine', 'codebase_intelligence']);
    expect(serverOfRole(r.servers, 'contract_engine')).toBeUndefined();
  });

  it('renames an unmapped server that would shadow the seed name of a mapped role', () => {
    const r = byRole([server('planner'), server('architect')], profile({ architect: 'planner' }));
    expect(r.servers.map((s) => s.name)).toEqual(['architect', 'architect (unmapped)']);
    expect(serverOfRole(r.servers, 'architect')).toMatchObject({ args: ['planner.js'] });
  });
});

describe('profileRoleServer', () => {
  it("finds a role's server under its configured name", () => {
    expect(profileRoleServer(all, configured, 'codebase_intelligence')?.name).toBe('code-index');
    expect(profileRoleServer(profile({}), configured, 'architect')).toBeUndefined();
  });
});

describe('checkRoleMapping', () => {
  it('passes when every role is played', () => {
    const c = checkRoleMapping(byRole(configured, all));
    expect(c).toMatchObject({ id: 'm2.roles', status: 'PASS', requirementIds: ['R4-M2-001'] });
    expect(c.evidence).toBe('architect = planner, contract-engine = specs, codebase-intelligence = code-index; probed without a role: extra');
  });

  it('fails naming the roles without a server', () => {
    const c = checkRoleMapping(byRole([server('other')], profile({})));
    expect(c.status).toBe('FAIL');
    expect(c.evidence).toBe('no role mapped; no server for architect, contract_engine, codebase_intelligence; probed without a role: other');
  });
});
