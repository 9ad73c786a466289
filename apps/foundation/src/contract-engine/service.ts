import { ImmutabilityViolationError, NotFoundError, ValidationError } from '../shared/errors.js';
import { checkBreakingChanges } from './breaking-changes.js';
import { generateTests } from './generate-tests.js';
import type { BreakingChange, ContractCreate, ContractEntry, ContractList, ContractType, Unimplemented, ValidationResult, Violation } from './schemas.js';
import { specHash } from './spec-hash.js';
import type { ContractStore } from './store.js';
import { validateEndpoint } from './validate-endpoint.js';
import { validateSpec } from './validate-spec.js';

/** Bumped whenever generated test files change shape. */
const GENERATOR_VERSION = 3;

/**
 * The Contract Engine's operations, shared by the MCP tools and the REST API.
 */
export class ContractService {
  constructor(private readonly store: ContractStore) {}

  /** Validate then store a contract; same key + same build cycle + other spec is a 409. */
  async create(input: ContractCreate): Promise<{ id: string; status: string; spec_hash: string; entry: ContractEntry }> {
    const result = await validateSpec(input.spec, input.type);
    if (!result.valid) {
      throw new ValidationError(`spec of ${input.service_name} (${input.type} ${input.version}) is invalid: ${result.errors.slice(0, 5).join('; ')}`);
    }
    const hash = specHash(input.spec);
    const existing = this.store.findByKey(input.service_name, input.type, input.version, input.build_cycle_id);
    if (existing) {
      if (existing.spec_hash === hash) return { id: existing.id, status: existing.status, spec_hash: hash, entry: existing };
      if (input.build_cycle_id !== '') {
        throw new ImmutabilityViolationError(
          `contract ${input.service_name} ${input.type} ${input.version} is immutable within build cycle "${input.build_cycle_id}" (existing id ${existing.id}); use a new version or build_cycle_id`,
        );
      }
      const entry = this.store.updateSpec(existing.id, input.spec, hash);
      return { id: entry.id, status: entry.status, spec_hash: hash, entry };
    }
    const entry = this.store.insert({ service_name: input.service_name, type: input.type, version: input.version, spec: input.spec, spec_hash: hash, build_cycle_id: input.build_cycle_id });
    return { id: entry.id, status: entry.status, spec_hash: hash, entry };
  }

  validate(spec: Record<string, unknown>, type: ContractType): Promise<ValidationResult> {
    return validateSpec(spec, type);
  }

  list(service: string, type: string, page: number, pageSize: number): ContractList {
    if (page < 1) throw new ValidationError(`page must be >= 1 (got ${page})`);
    if (pageSize < 1 || pageSize > 500) throw new ValidationError(`page_size must be between 1 and 500 (got ${pageSize})`);
    const { items, total } = this.store.list(service, type, page, pageSize);
    return { items, total, page, page_size: pageSize };
  }

  get(id: string): ContractEntry {
    const entry = this.store.get(id);
    if (!entry) throw new NotFoundError(`contract "${id}" not found; list ids with list_contracts`);
    return entry;
  }

  delete(id: string): void {
    if (!this.store.delete(id)) throw new NotFoundError(`contract "${id}" not found`);
  }

  /** Find the openapi contracts of a service (exact name, then `<name>-service`). */
  private openApiContracts(service: string): ContractEntry[] {
    const exact = this.store.byService(service, 'openapi');
    return exact.length ? exact : this.store.byService(`${service}-service`, 'openapi');
  }

  validateEndpoint(service: string, method: string, path: string, body: unknown, status: number): { valid: boolean; violations: Violation[] } {
    return validateEndpoint(this.openApiContracts(service), { method, path, response_body: body, status_code: status });
  }

  generateTests(id: string, framework: 'pytest' | 'vitest', includeNegative: boolean): { content: string; count: number; contract: ContractEntry } {
    const contract = this.get(id);
    // The cache key carries the generator version so an upgraded engine never serves stale suites.
    const cacheKey = `${framework}@${GENERATOR_VERSION}`;
    const cached = this.store.cachedSuite(contract.spec_hash, cacheKey, includeNegative);
    if (cached !== null) return { content: cached, count: (cached.match(/^(?:def test_| {2}it\()/gm) ?? []).length, contract };
    const { content, count } = generateTests(contract, framework, includeNegative);
    this.store.saveSuite(contract.spec_hash, cacheKey, includeNegative, contract.id, content, count);
    return { content, count, contract };
  }

  breakingChanges(id: string, newSpec: Record<string, unknown>): BreakingChange[] {
    const contract = this.get(id);
    return checkBreakingChanges(contract.type, contract.spec, newSpec);
  }

  markImplemented(id: string, service: string, evidence: string): { marked: boolean; total_implementations: number; all_implemented: boolean } {
    const contract = this.get(id);
    this.store.markImplemented(contract.id, service, evidence);
    const remaining = this.store.unimplemented(contract.service_name);
    return { marked: true, total_implementations: this.store.implementationCount(contract.id), all_implemented: remaining.length === 0 };
  }

  unimplemented(service: string): Unimplemented[] {
    return this.store.unimplemented(service).map((c) => ({ id: c.id, type: c.type, version: c.version, expected_service: c.service_name, status: 'pending' }));
  }
}
