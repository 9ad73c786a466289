import type { ArchitectClient } from '../clients/architect-client.js';
import type { CodebaseIntelligenceClient } from '../clients/codebase-intelligence-client.js';
import type { ContractEngineClient } from '../clients/contract-engine-client.js';

/** One client method with the safe default seed 003 section 2 documents for it. */
export interface DocumentedMethod {
  server: 'contract-engine' | 'codebase-intelligence' | 'architect';
  label: string;
  tool: string;
  call: (clients: { ce: ContractEngineClient; ci: CodebaseIntelligenceClient; ar: ArchitectClient }) => Promise<unknown>;
  /** The documented safe default (for `validateEndpoint`, compared without its `error` text, which must be non-empty). */
  safeDefault: unknown;
}

/**
 * All 17 client methods (6 + 7 + 4) with their documented safe defaults
 * (seed 003 section 2.1-2.3), called with harmless arguments.
 */
export const DOCUMENTED_SAFE_DEFAULTS: readonly DocumentedMethod[] = [
  { server: 'contract-engine', label: 'ContractEngineClient.getContract', tool: 'get_contract', call: (c) => c.ce.getContract('c-1'), safeDefault: null },
  {
    server: 'contract-engine',
    label: 'ContractEngineClient.validateEndpoint',
    tool: 'validate_endpoint',
    call: (c) => c.ce.validateEndpoint('svc', 'GET', '/x', {}),
    safeDefault: { valid: false, violations: [] },
  },
  { server: 'contract-engine', label: 'ContractEngineClient.generateTests', tool: 'generate_tests', call: (c) => c.ce.generateTests('c-1'), safeDefault: '' },
  { server: 'contract-engine', label: 'ContractEngineClient.checkBreakingChanges', tool: 'check_breaking_changes', call: (c) => c.ce.checkBreakingChanges('c-1', {}), safeDefault: [] },
  { server: 'contract-engine', label: 'ContractEngineClient.markImplemented', tool: 'mark_implemented', call: (c) => c.ce.markImplemented('c-1', 'svc', 'src/x.py'), safeDefault: { marked: false } },
  { server: 'contract-engine', label: 'ContractEngineClient.getUnimplementedContracts', tool: 'get_unimplemented_contracts', call: (c) => c.ce.getUnimplementedContracts(), safeDefault: [] },
  {
    server: 'codebase-intelligence',
    label: 'CodebaseIntelligenceClient.findDefinition',
    tool: 'find_definition',
    call: (c) => c.ci.findDefinition('User'),
    safeDefault: { file: '', line: 0, kind: '', signature: '', found: false },
  },
  { server: 'codebase-intelligence', label: 'CodebaseIntelligenceClient.findCallers', tool: 'find_callers', call: (c) => c.ci.findCallers('User'), safeDefault: [] },
  {
    server: 'codebase-intelligence',
    label: 'CodebaseIntelligenceClient.findDependencies',
    tool: 'find_dependencies',
    call: (c) => c.ci.findDependencies('src/x.py'),
    safeDefault: { imports: [], imported_by: [], transitive_deps: [], circular_deps: [] },
  },
  { server: 'codebase-intelligence', label: 'CodebaseIntelligenceClient.searchSemantic', tool: 'search_semantic', call: (c) => c.ci.searchSemantic('user'), safeDefault: [] },
  { server: 'codebase-intelligence', label: 'CodebaseIntelligenceClient.getServiceInterface', tool: 'get_service_interface', call: (c) => c.ci.getServiceInterface('svc'), safeDefault: {} },
  { server: 'codebase-intelligence', label: 'CodebaseIntelligenceClient.checkDeadCode', tool: 'check_dead_code', call: (c) => c.ci.checkDeadCode(), safeDefault: [] },
  {
    server: 'codebase-intelligence',
    label: 'CodebaseIntelligenceClient.registerArtifact',
    tool: 'register_artifact',
    call: (c) => c.ci.registerArtifact('src/x.py', 'svc'),
    safeDefault: { indexed: false, symbols_found: 0, dependencies_found: 0 },
  },
  { server: 'architect', label: 'ArchitectClient.decompose', tool: 'decompose', call: (c) => c.ar.decompose('# PRD'), safeDefault: null },
  { server: 'architect', label: 'ArchitectClient.getServiceMap', tool: 'get_service_map', call: (c) => c.ar.getServiceMap(), safeDefault: null },
  { server: 'architect', label: 'ArchitectClient.getContractsForService', tool: 'get_contracts_for_service', call: (c) => c.ar.getContractsForService('svc'), safeDefault: [] },
  { server: 'architect', label: 'ArchitectClient.getDomainModel', tool: 'get_domain_model', call: (c) => c.ar.getDomainModel(), safeDefault: null },
];
