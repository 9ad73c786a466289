import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { check, type CheckRecord, type CheckStatus } from '@run4/checks';
import type { ArchitectClient } from '../clients/architect-client.js';
import type { CodebaseIntelligenceClient } from '../clients/codebase-intelligence-client.js';
import type { ContractEngineClient } from '../clients/contract-engine-client.js';
import type { ArtifactResult, ContractInfo, DefinitionResult, MarkResult } from '../clients/client-types.js';
import { extractJson, type McpToolSession } from '../clients/tool-session.js';
import { errorText } from '../connection.js';
import { PROBE_OPENAPI } from '../profiles/build1.js';
import { runSteps, type StepsResult } from './steps.js';

/** Service name the checks create contracts and register files under. */
export const CLIENT_CHECK_SERVICE = 'run4-client-check';
/** File name of the Python source the Codebase Intelligence checks register. */
export const CLIENT_CHECK_SOURCE_FILE = 'run4_client_user.py';

const USER_SOURCE = `"""Indexed by the Run 4 client checks (register_artifact)."""
import os


class User:
    """A user with an email address."""

    def __init__(self, email: str) -> None:
        self.email = email


def make_user() -> User:
    return User(os.environ.get("RUN4_EMAIL", "user@example.com"))
`;

const nonEmptyList = (what: string) => (v: unknown) => (Array.isArray(v) && v.length > 0 ? null : `expected at least one ${what}, got an empty list`);

function record(id: string, name: string, requirementIds: string[], started: number, r: StepsResult, prefix = ''): CheckRecord {
  const status: CheckStatus = r.problems.length === 0 ? 'PASS' : 'FAIL';
  const evidence = `${prefix}${status === 'PASS' ? '' : `${r.problems.join('; ')}. Calls: `}${r.lines.join('; ')}`;
  return check(id, name, status, evidence, requirementIds, performance.now() - started);
}

/**
 * ContractEngineClient: create a contract through the raw session, then
 * every ContractEngineClient method against the live server must return
 * its typed result (`lastOutcome.ok`) with the expected content.
 *
 * @example
 * const rec = await checkContractEngineMethods(session, ce, 'run-1');
 */
export async function checkContractEngineMethods(session: McpToolSession, ce: ContractEngineClient, runId: string): Promise<CheckRecord> {
  const started = performance.now();
  const id = 'clients.contract-engine.methods';
  const name = 'ContractEngineClient: all 6 methods return typed results from the live server';
  const reqs: string[] = [];
  let contractId: string;
  try {
    const created = extractJson(await session.callTool('create_contract', { service_name: CLIENT_CHECK_SERVICE, type: 'openapi', version: '1.0.0', spec: PROBE_OPENAPI, build_cycle_id: `client-check-${runId}` }));
    const cid = (created as { id?: unknown } | null)?.id;
    if (typeof cid !== 'string') throw new Error(`create_contract answered ${JSON.stringify(created)?.slice(0, 200)} (no string id)`);
    contractId = cid;
  } catch (error) {
    return check(id, name, 'FAIL', `could not create the contract the methods are called on: ${errorText(error)}`, reqs, performance.now() - started);
  }
  const r = await runSteps(ce, [
    { label: 'getContract', tool: 'get_contract', call: () => ce.getContract(contractId), expect: (v) => ((v as ContractInfo | null)?.id === contractId ? null : `expected contract ${contractId}`) },
    {
      label: 'validateEndpoint',
      tool: 'validate_endpoint',
      call: () => ce.validateEndpoint(CLIENT_CHECK_SERVICE, 'GET', '/users/me', { id: 'u1', email: 'a@b.c' }, 200),
      expect: (v) => ((v as { valid: boolean }).valid ? null : `a conforming body was judged invalid: ${JSON.stringify(v)}`),
    },
    { label: 'generateTests', tool: 'generate_tests', call: () => ce.generateTests(contractId), expect: (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'expected non-empty test source') },
    {
      label: 'checkBreakingChanges',
      tool: 'check_breaking_changes',
      call: () => ce.checkBreakingChanges(contractId, { ...PROBE_OPENAPI, paths: {} }),
      expect: nonEmptyList('breaking change for the removed path /users/me'),
    },
    {
      label: 'getUnimplementedContracts',
      tool: 'get_unimplemented_contracts',
      call: () => ce.getUnimplementedContracts(CLIENT_CHECK_SERVICE),
      expect: (v) => (Array.isArray(v) && v.some((c) => (c as { id?: unknown }).id === contractId) ? null : `new contract ${contractId} not listed as unimplemented`),
    },
    {
      label: 'markImplemented',
      tool: 'mark_implemented',
      call: () => ce.markImplemented(contractId, CLIENT_CHECK_SERVICE, `src/${CLIENT_CHECK_SOURCE_FILE}`),
      expect: (v) => ((v as MarkResult).marked === true ? null : 'marked is not true'),
    },
  ]);
  return record(id, name, reqs, started, r, `contract ${contractId} created via create_contract; `);
}

/**
 * CodebaseIntelligenceClient and register_artifact: write a Python file with `class User`
 * into `workDir`, register it, find it back, and call every other
 * CodebaseIntelligenceClient method. Returns two records: all 7 methods,
 * and the registration round trip (indexed=true, `User` found in the file).
 *
 * @example
 * const [methods, artifact] = await checkCodebaseIntelligenceMethods(ci, '/tmp/work');
 */
export async function checkCodebaseIntelligenceMethods(ci: CodebaseIntelligenceClient, workDir: string): Promise<[CheckRecord, CheckRecord]> {
  const started = performance.now();
  const file = join(workDir, CLIENT_CHECK_SOURCE_FILE);
  writeFileSync(file, USER_SOURCE);
  const r = await runSteps(ci, [
    {
      label: 'registerArtifact',
      tool: 'register_artifact',
      call: () => ci.registerArtifact(file, CLIENT_CHECK_SERVICE),
      expect: (v) => ((v as ArtifactResult).indexed ? null : `indexed is not true: ${JSON.stringify(v)}`),
    },
    {
      label: 'findDefinition',
      tool: 'find_definition',
      call: () => ci.findDefinition('User', 'python'),
      expect: (v) => {
        const d = v as DefinitionResult;
        return d.found && basename(d.file) === CLIENT_CHECK_SOURCE_FILE ? null : `class User not found in ${CLIENT_CHECK_SOURCE_FILE}: ${JSON.stringify(v)}`;
      },
    },
    { label: 'findCallers', tool: 'find_callers', call: () => ci.findCallers('User'), expect: nonEmptyList('caller of User (make_user)') },
    { label: 'findDependencies', tool: 'find_dependencies', call: () => ci.findDependencies(file) },
    { label: 'searchSemantic', tool: 'search_semantic', call: () => ci.searchSemantic('user email address', { serviceName: CLIENT_CHECK_SERVICE, nResults: 5 }), expect: nonEmptyList('search result') },
    { label: 'getServiceInterface', tool: 'get_service_interface', call: () => ci.getServiceInterface(CLIENT_CHECK_SERVICE) },
    { label: 'checkDeadCode', tool: 'check_dead_code', call: () => ci.checkDeadCode(CLIENT_CHECK_SERVICE) },
  ]);
  const methods = record('clients.codebase-intelligence.methods', 'CodebaseIntelligenceClient: all 7 methods return typed results from the live server', [], started, r);
  const reg = r.values.registerArtifact as ArtifactResult | undefined;
  const def = r.values.findDefinition as DefinitionResult | undefined;
  const regProblems = r.problems.filter((p) => p.startsWith('registerArtifact') || p.startsWith('findDefinition'));
  const artifact = check(
    'clients.codebase-intelligence.register-artifact',
    'register_artifact indexes a new file and its class is found back',
    regProblems.length === 0 ? 'PASS' : 'FAIL',
    regProblems.length === 0
      ? `registerArtifact(${file}) → ${JSON.stringify(reg)}; findDefinition('User') → ${def?.kind} at ${def?.file}:${def?.line}`
      : regProblems.join('; '),
    [],
    performance.now() - started,
  );
  return [methods, artifact];
}

/**
 * ArchitectClient: every ArchitectClient method against the live server,
 * `decompose` first so the map and model exist.
 *
 * @example
 * const rec = await checkArchitectMethods(arch, prdText);
 */
export async function checkArchitectMethods(ar: ArchitectClient, prdText: string): Promise<CheckRecord> {
  const started = performance.now();
  const r = await runSteps(ar, [
    {
      label: 'decompose',
      tool: 'decompose',
      call: () => ar.decompose(prdText),
      expect: (v) => (v !== null && Object.keys((v as { service_map: object }).service_map).length > 0 ? null : 'no service map in the decomposition'),
    },
    { label: 'getServiceMap', tool: 'get_service_map', call: () => ar.getServiceMap(), expect: (v) => (v === null ? 'null after decompose' : null) },
    { label: 'getContractsForService', tool: 'get_contracts_for_service', call: () => ar.getContractsForService('run4-probe') },
    { label: 'getDomainModel', tool: 'get_domain_model', call: () => ar.getDomainModel(), expect: (v) => (v === null ? 'null after decompose' : null) },
  ]);
  return record('clients.architect.methods', 'ArchitectClient: all 4 methods return typed results from the live server', [], started, r);
}
