import { z } from 'zod';

/** One service of the architect's ServiceMap, as Build 3 reads it (seed 003 section 1.1). */
export const ServiceDefinitionSchema = z.looseObject({
  name: z.string().min(1),
  dependencies: z.array(z.string()).default([]),
  events_published: z.array(z.string()).default([]),
  events_consumed: z.array(z.string()).default([]),
});
export type ServiceDefinition = z.infer<typeof ServiceDefinitionSchema>;

/** A contract stub of the decomposition. */
export const ContractStubSchema = z.looseObject({
  service_name: z.string().min(1),
  type: z.string().min(1),
  version: z.string().default('1.0.0'),
  spec: z.record(z.string(), z.unknown()),
});
export type ContractStub = z.infer<typeof ContractStubSchema>;

/** The `decompose` tool's answer (seed 003 section 1.1 `DecompositionResult`). */
export const DecompositionSchema = z.looseObject({
  service_map: z.looseObject({ services: z.array(ServiceDefinitionSchema) }),
  domain_model: z.record(z.string(), z.unknown()),
  contract_stubs: z.array(ContractStubSchema),
  validation_issues: z.array(z.string()).default([]),
  interview_questions: z.array(z.string()).default([]),
});
export type Decomposition = z.infer<typeof DecompositionSchema>;

/** The contract registry (CONTRACTS.json) after registration with the Contract Engine. */
export const ContractRegistrySchema = z.object({
  build_cycle_id: z.string(),
  registered_at: z.string(),
  contracts: z.array(
    z.object({
      id: z.string(),
      service_name: z.string(),
      type: z.string(),
      version: z.string(),
      spec_hash: z.string(),
      /** validate_spec said valid and list_contracts returned the id. */
      valid: z.boolean(),
      errors: z.array(z.string()),
      file: z.string(),
    }),
  ),
});
export type ContractRegistry = z.infer<typeof ContractRegistrySchema>;

/**
 * Cost a Build 1 answer reports, if any (`cost_usd`, `total_cost` or `cost`); else 0.
 *
 * @example
 * reportedCost({ total_cost: 1.5 }); // 1.5
 */
export function reportedCost(answer: unknown): number {
  if (typeof answer !== 'object' || answer === null) return 0;
  for (const key of ['cost_usd', 'total_cost', 'cost']) {
    const value = (answer as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  return 0;
}
