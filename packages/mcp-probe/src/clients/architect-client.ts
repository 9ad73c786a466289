import { z } from 'zod';
import { RetryingToolClient } from './base-client.js';
import {
  DecompositionResultSchema,
  DomainModelSchema,
  ServiceContractSchema,
  ServiceMapSchema,
  type DecompositionResult,
  type DomainModel,
  type ServiceContract,
  type ServiceMap,
} from './client-types.js';

/**
 * Typed client of the Architect MCP server (4 methods, seed 003 section
 * 2.3). Never throws; `null` / `[]` on failure so the caller can fall back
 * to standard PRD decomposition.
 *
 * @example
 * const arch = new ArchitectClient(session);
 * const result = await arch.decompose(prdText); // DecompositionResult | null
 */
export class ArchitectClient extends RetryingToolClient {
  /** `decompose` → DecompositionResult, or null. */
  decompose(prdText: string): Promise<DecompositionResult | null> {
    return this.invoke('decompose', { prd_text: prdText }, (j) => DecompositionResultSchema.parse(j), () => null);
  }

  /** `get_service_map` → ServiceMap, or null (none yet / failure). */
  getServiceMap(): Promise<ServiceMap | null> {
    return this.invoke('get_service_map', {}, (j) => (j === null || isEmptyObject(j) ? null : ServiceMapSchema.parse(j)), () => null);
  }

  /** `get_contracts_for_service` → list, or []. */
  getContractsForService(serviceName: string): Promise<ServiceContract[]> {
    return this.invoke('get_contracts_for_service', { service_name: serviceName }, (j) => z.array(ServiceContractSchema).parse(j), () => []);
  }

  /** `get_domain_model` → DomainModel, or null. */
  getDomainModel(): Promise<DomainModel | null> {
    return this.invoke('get_domain_model', {}, (j) => (j === null || isEmptyObject(j) ? null : DomainModelSchema.parse(j)), () => null);
  }
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}
