import { z } from 'zod';

// Typed results of the clients (seed 003 section 2), zod schemas with the
// TS types inferred. Defaults are the seed's safe defaults.

/** ContractEntry as `get_contract` returns it. */
export const ContractInfoSchema = z.looseObject({
  id: z.string(),
  service_name: z.string(),
  type: z.string(),
  version: z.string(),
  spec: z.record(z.string(), z.unknown()).optional(),
  spec_hash: z.string().optional(),
  status: z.string().optional(),
  build_cycle_id: z.string().nullable().optional(),
});
export type ContractInfo = z.infer<typeof ContractInfoSchema>;

export const ViolationSchema = z.looseObject({ field: z.string(), expected: z.string(), actual: z.string(), severity: z.string() });

/** `ContractValidation(valid, violations, error)`. Safe default: `{ valid: false, violations: [], error: '...' }`. */
export const ContractValidationSchema = z.object({
  valid: z.boolean(),
  violations: z.array(ViolationSchema),
  error: z.string(),
});
export type ContractValidation = z.infer<typeof ContractValidationSchema>;

/** `mark_implemented` answer. Safe default: `{ marked: false }`. */
export const MarkResultSchema = z.looseObject({
  marked: z.boolean(),
  total_implementations: z.number().int().optional(),
  all_implemented: z.boolean().optional(),
});
export type MarkResult = z.infer<typeof MarkResultSchema>;

/** `DefinitionResult(file, line, kind, signature, found)`. Safe default: not found. */
export const DefinitionResultSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  kind: z.string(),
  signature: z.string(),
  found: z.boolean(),
});
export type DefinitionResult = z.infer<typeof DefinitionResultSchema>;

/** `DependencyResult(imports, imported_by, transitive_deps, circular_deps)`. Safe default: all empty. */
export const DependencyResultSchema = z.object({
  imports: z.array(z.string()),
  imported_by: z.array(z.string()),
  transitive_deps: z.array(z.string()),
  circular_deps: z.array(z.array(z.string())),
});
export type DependencyResult = z.infer<typeof DependencyResultSchema>;

/** `ArtifactResult(indexed, symbols_found, dependencies_found)`. Safe default: not indexed, zeros. */
export const ArtifactResultSchema = z.object({
  indexed: z.boolean(),
  symbols_found: z.number().int(),
  dependencies_found: z.number().int(),
});
export type ArtifactResult = z.infer<typeof ArtifactResultSchema>;

/** `decompose` answer (DecompositionResult). Safe default: `null` (fallback to standard decomposition). */
export const DecompositionResultSchema = z.looseObject({
  service_map: z.record(z.string(), z.unknown()),
  domain_model: z.record(z.string(), z.unknown()),
  contract_stubs: z.array(z.record(z.string(), z.unknown())).default([]),
  validation_issues: z.array(z.string()).default([]),
  interview_questions: z.array(z.string()).default([]),
});
export type DecompositionResult = z.infer<typeof DecompositionResultSchema>;

export const ServiceMapSchema = z.looseObject({ project_name: z.string(), services: z.array(z.unknown()) });
export type ServiceMap = z.infer<typeof ServiceMapSchema>;
export const DomainModelSchema = z.looseObject({ entities: z.array(z.unknown()), relationships: z.array(z.unknown()) });
export type DomainModel = z.infer<typeof DomainModelSchema>;
export const ServiceContractSchema = z.looseObject({ id: z.string(), role: z.string(), type: z.string(), counterparty: z.string(), summary: z.string() });
export type ServiceContract = z.infer<typeof ServiceContractSchema>;

export const DictListSchema = z.array(z.record(z.string(), z.unknown()));
export const DictSchema = z.record(z.string(), z.unknown());
